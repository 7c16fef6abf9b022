import type { Db } from '../../core/db/index.js';
import { searchPage, type Search } from '../../core/search/index.js';
import type { NewSmsTemplate, SmsTemplateRow } from './sms-templates.tables.js';
import './sms-templates.tables.js';

/** SMS template SQL, always scoped by account: another account's row is simply not found. */
export class SmsTemplatesRepository {
  constructor(private readonly db: Db) {}

  /** One page of the account's templates matching the search, in its order. */
  async page(accountId: number, search: Search, limit: number, offset: number): Promise<{ rows: SmsTemplateRow[]; total: number }> {
    return searchPage<SmsTemplateRow>(() => this.db.selectFrom('sms_templates').where('account_id', '=', accountId), search, limit, offset);
  }

  insert(values: NewSmsTemplate): Promise<SmsTemplateRow> {
    return this.db.insertInto('sms_templates').values(values).returningAll().executeTakeFirstOrThrow();
  }

  update(accountId: number, id: number, changes: { template_name: string; body: string; updated_at: number }): Promise<SmsTemplateRow | undefined> {
    return this.db.updateTable('sms_templates').set(changes).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async delete(accountId: number, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('sms_templates').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
