import type { CreateTableBuilder, Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/** The columns postcards and letters share: who sent it, to whom, from which return address, at what price. */
function postItemColumns<T extends string>(table: CreateTableBuilder<T, never>) {
  return (
    table
      .addColumn('message_id', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
      .addColumn('api_username', 'varchar(100)', (c) => c.notNull())
      .addColumn('address_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('address_line_1', 'varchar(200)', (c) => c.notNull())
      .addColumn('address_line_2', 'varchar(200)', (c) => c.notNull())
      .addColumn('address_city', 'varchar(200)', (c) => c.notNull())
      .addColumn('address_state', 'varchar(200)', (c) => c.notNull())
      .addColumn('address_postal_code', 'varchar(40)', (c) => c.notNull())
      .addColumn('address_country', 'varchar(2)', (c) => c.notNull())
      .addColumn('return_address_id', 'bigint', (c) => c.notNull())
      // The return address as it was when the item was sent: it is printed, so later edits must not change history.
      .addColumn('return_address_json', 'text', (c) => c.notNull())
      .addColumn('file_name', 'varchar(128)', (c) => c.notNull())
      .addColumn('ip_address', 'varchar(64)', (c) => c.notNull())
      .addColumn('source', 'varchar(100)', (c) => c.notNull())
      .addColumn('custom_string', 'text')
      .addColumn('schedule', 'bigint', (c) => c.notNull())
      .addColumn('schedule_given', 'integer', (c) => c.notNull())
      .addColumn('date_added', 'bigint', (c) => c.notNull())
      .addColumn('price_micros', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('is_test', 'integer', (c) => c.notNull())
      .addColumn('print_ref', 'varchar(200)')
      .addColumn('sent_at', 'bigint')
  );
}

/** Postcards, letters and the proof jobs both queue (each a dispatch channel), and history counts. */
export async function up(db: Kysely<any>): Promise<void> {
  await withDispatchColumns(postItemColumns(withIdColumn(db, db.schema.createTable('postcards')))).execute();
  await db.schema.createIndex('postcards_history_idx').on('postcards').columns(['account_id', 'date_added', 'id']).execute();
  await createDispatchIndex(db, 'postcards');

  await withDispatchColumns(
    postItemColumns(withIdColumn(db, db.schema.createTable('letters')))
      .addColumn('colour', 'integer', (c) => c.notNull())
      .addColumn('duplex', 'integer', (c) => c.notNull())
      .addColumn('priority_post', 'integer', (c) => c.notNull())
      .addColumn('template_used', 'integer', (c) => c.notNull())
      .addColumn('post_pages', 'integer', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('letters_history_idx').on('letters').columns(['account_id', 'date_added', 'id']).execute();
  await createDispatchIndex(db, 'letters');

  // Items per account and product, kept in the send transaction: an unfiltered history page must not count 100,000 rows.
  await db.schema
    .createTable('post_history_counts')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('product', 'varchar(16)', (c) => c.notNull())
    .addColumn('items', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_history_counts_pk', ['account_id', 'product'])
    .execute();

  await withDispatchColumns(
    withIdColumn(db, db.schema.createTable('post_proof_jobs'))
      .addColumn('product', 'varchar(16)', (c) => c.notNull())
      .addColumn('message_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  ).execute();
  await createDispatchIndex(db, 'post_proof_jobs');
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
