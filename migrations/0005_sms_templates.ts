import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/** Saved SMS bodies (/sms/templates), shared by every key of an account. */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('sms_templates'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint')
    .addColumn('template_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_templates_account_idx').on('sms_templates').columns(['account_id', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
