import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/**
 * Contact imports (POST /lists/{id}/import): one dispatch job per import, claimed by the dispatcher. Its progress
 * (rows consumed, imported, skipped) is committed in the same transaction as each batch of contacts, so a restarted
 * job resumes where the last commit left it: no row twice, none lost. Skipped rows wait in contact_import_skips
 * (written in the same transactions) until the job ends and streams them into the CSV it reports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withDispatchColumns(
    withIdColumn(db, db.schema.createTable('contact_imports'))
      .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
      .addColumn('list_id', 'bigint', (c) => c.notNull().references('contact_lists.id').onDelete('cascade'))
      .addColumn('file_url', 'text', (c) => c.notNull())
      // JSON array: the contact field of each column ('' = column ignored).
      .addColumn('field_order', 'text', (c) => c.notNull())
      // 1/0 when the caller said; null = detect. Detection results are stored on the first claim, so a resumed job parses the same way.
      .addColumn('has_header', 'integer')
      .addColumn('encoding', 'varchar(16)')
      .addColumn('delimiter', 'varchar(4)')
      // The file the job reads: the own upload, or a copy of a remote file made on the first claim (a remote file may change).
      .addColumn('source_file', 'varchar(128)')
      .addColumn('rows_consumed', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rows_imported', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rows_skipped', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped_file', 'varchar(128)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint'),
  ).execute();
  await db.schema.createIndex('contact_imports_list_idx').on('contact_imports').columns(['list_id', 'id']).execute();
  await createDispatchIndex(db, 'contact_imports');

  await withIdColumn(db, db.schema.createTable('contact_import_skips'))
    .addColumn('import_id', 'bigint', (c) => c.notNull().references('contact_imports.id').onDelete('cascade'))
    .addColumn('row_number', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON array of the row's cells as read.
    .addColumn('cells', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_import_skips_import_idx').on('contact_import_skips').columns(['import_id', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
