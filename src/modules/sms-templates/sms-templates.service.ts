import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError, notFoundById } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { compileSearch, type SearchParams } from '../../core/search/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { SmsTemplatesRepository } from './sms-templates.repository.js';
import { SMS_TEMPLATES_SEARCH } from './sms-templates.search.js';
import type { SmsTemplateBody } from './sms-templates.schemas.js';
import type { SmsTemplateRow } from './sms-templates.tables.js';

export function presentTemplate(row: SmsTemplateRow) {
  return { body: row.body, template_id: row.id, template_name: row.template_name };
}

/** The check a schema cannot make: a name of spaces only would be an unusable entry in the picker. */
function checkName(input: SmsTemplateBody) {
  if (input.template_name.trim() === '') throw ApiError.badRequest('template_name must not be blank.');
}

export class SmsTemplatesService {
  private readonly repo: SmsTemplatesRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.repo = new SmsTemplatesRepository(db);
  }

  /** A page of the account's templates; q= / order_by= / operator= as ClickSend's lists take them. */
  async list(auth: AuthContext, page: PageRequest, query: SearchParams = {}) {
    const { rows, total } = await this.repo.page(auth.accountId, compileSearch(SMS_TEMPLATES_SEARCH, query), page.limit, page.offset);
    return { items: rows.map(presentTemplate), total };
  }

  async create(auth: AuthContext, input: SmsTemplateBody) {
    checkName(input);
    const now = unixSeconds(this.clock);
    const row = await this.repo.insert({
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      template_name: input.template_name,
      body: input.body,
      created_at: now,
      updated_at: now,
    });
    return presentTemplate(row);
  }

  async update(auth: AuthContext, id: number, input: SmsTemplateBody) {
    checkName(input);
    const row = await this.repo.update(auth.accountId, id, { template_name: input.template_name, body: input.body, updated_at: unixSeconds(this.clock) });
    if (!row) throw notFoundById('SMS template', id);
    return presentTemplate(row);
  }

  async remove(auth: AuthContext, id: number) {
    if (!(await this.repo.delete(auth.accountId, id))) throw notFoundById('SMS template', id);
  }
}
