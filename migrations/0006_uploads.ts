import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/** POST /uploads: who uploaded which stored file, and when the sweeper deletes it. */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('uploads'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
    .addColumn('file_name', 'varchar(140)', (c) => c.notNull().unique())
    .addColumn('convert_to', 'varchar(16)', (c) => c.notNull())
    /** What the content turned out to be (pdf, docx, png, …), before conversion. */
    .addColumn('source_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('source_bytes', 'bigint', (c) => c.notNull())
    .addColumn('stored_bytes', 'bigint', (c) => c.notNull())
    .addColumn('date_added', 'bigint', (c) => c.notNull())
    .addColumn('date_delete', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uploads_date_delete_idx').on('uploads').column('date_delete').execute();
  await db.schema.createIndex('uploads_account_idx').on('uploads').columns(['account_id', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
