import type { Db } from '../../core/db/index.js';
import type { EmailTemplateRow, NewEmailTemplate } from './email-templates.tables.js';
import './email-templates.tables.js';

/** User template SQL, always scoped by account: another account's row is simply not found. */
export class EmailTemplatesRepository {
  constructor(private readonly db: Db) {}

  async page(accountId: number, limit: number, offset: number): Promise<{ rows: Array<Pick<EmailTemplateRow, 'id' | 'template_name'>>; total: number }> {
    const base = this.db.selectFrom('email_templates').where('account_id', '=', accountId);
    const [rows, count] = await Promise.all([
      // The list shows names only: the bodies (up to EMAIL_TEMPLATE_MAX_BYTES each) are not read.
      base.select(['id', 'template_name']).orderBy('id', 'asc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  find(accountId: number, id: number): Promise<EmailTemplateRow | undefined> {
    return this.db.selectFrom('email_templates').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  async exists(accountId: number, id: number): Promise<boolean> {
    const row = await this.db.selectFrom('email_templates').select('id').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  insert(values: NewEmailTemplate): Promise<EmailTemplateRow> {
    return this.db.insertInto('email_templates').values(values).returningAll().executeTakeFirstOrThrow();
  }

  update(accountId: number, id: number, changes: { template_name?: string; body: string; updated_at: number }): Promise<EmailTemplateRow | undefined> {
    return this.db.updateTable('email_templates').set(changes).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async delete(accountId: number, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('email_templates').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async insertImage(values: { account_id: number; template_id: number; file_name: string; content_type: string; size_bytes: number; created_at: number }): Promise<void> {
    await this.db.insertInto('email_template_images').values(values).execute();
  }
}
