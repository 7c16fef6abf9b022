import type { Config } from '../../config/index.js';
import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError, notFoundById } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import type { MasterCatalogue } from './email-templates.masters.js';
import { EmailTemplatesRepository } from './email-templates.repository.js';
import type { NewTemplateBody, UpdateTemplateBody } from './email-templates.schemas.js';
import type { EmailTemplateRow } from './email-templates.tables.js';

const NOUN = 'Email template';

function presentTemplate(row: EmailTemplateRow) {
  return { body: row.body, template_id: Number(row.id), template_id_master: Number(row.template_id_master), template_name: row.template_name };
}

/** User templates (/email/templates): copies of a master the account then edits; shared by every key with access_email. */
export class EmailTemplatesService {
  readonly repo: EmailTemplatesRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'emailTemplates'>,
    private readonly masters: MasterCatalogue,
  ) {
    this.repo = new EmailTemplatesRepository(db);
  }

  /** EmailTemplatePort.body (index.ts). */
  async body(accountId: number, templateId: number): Promise<string | null> {
    return (await this.repo.find(accountId, templateId))?.body ?? null;
  }

  async list(auth: AuthContext, page: PageRequest) {
    const { rows, total } = await this.repo.page(auth.accountId, page.limit, page.offset);
    return { items: rows.map((r) => ({ template_id: Number(r.id), template_name: r.template_name })), total };
  }

  async get(auth: AuthContext, id: number) {
    const row = await this.repo.find(auth.accountId, id);
    if (!row) throw notFoundById(NOUN, id);
    return presentTemplate(row);
  }

  async create(auth: AuthContext, input: NewTemplateBody) {
    const name = checkName(input.template_name);
    const master = this.masters.template(input.template_id_master);
    if (!master) throw ApiError.badRequest(`template_id_master ${input.template_id_master} is not a master template; see GET /email/master-templates.`);
    const now = unixSeconds(this.clock);
    const row = await this.repo.insert({
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      template_id_master: master.templateIdMaster,
      template_name: name,
      body: master.body,
      created_at: now,
      updated_at: now,
    });
    return presentTemplate(row);
  }

  async update(auth: AuthContext, id: number, input: UpdateTemplateBody) {
    const max = this.config.emailTemplates.maxBodyBytes;
    const size = Buffer.byteLength(input.body, 'utf8');
    if (size > max) throw new ApiError('PAYLOAD_TOO_LARGE', `body is ${size} bytes; a template body is at most ${max} bytes (EMAIL_TEMPLATE_MAX_BYTES).`);
    if (input.body.trim() === '') throw ApiError.badRequest('body must not be blank.');
    const changes = { body: input.body, updated_at: unixSeconds(this.clock), ...(input.template_name !== undefined ? { template_name: checkName(input.template_name) } : {}) };
    const row = await this.repo.update(auth.accountId, id, changes);
    if (!row) throw notFoundById(NOUN, id);
    return presentTemplate(row);
  }

  async remove(auth: AuthContext, id: number) {
    if (!(await this.repo.delete(auth.accountId, id))) throw notFoundById(NOUN, id);
  }
}

/** A name of spaces only would be an unusable entry in a picker. */
function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw ApiError.badRequest('template_name must not be blank.');
  return trimmed;
}
