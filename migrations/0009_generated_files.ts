import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/**
 * Files the server generates for one download (history exports): when each may be deleted. The periodic
 * sweep deletes the file and its row from date_delete on; GET /files answers 404 for it from then.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('generated_files'))
    .addColumn('file_name', 'varchar(140)', (c) => c.notNull().unique())
    /** Which TTL applies ('export'). */
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('date_added', 'bigint', (c) => c.notNull())
    .addColumn('date_delete', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('generated_files_date_delete_idx').on('generated_files').column('date_delete').execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
