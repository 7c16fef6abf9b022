import { sql, type Kysely, type SqlBool } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/** Transactional email (POST /email/send): one row per email, the dispatch queue's table, and its receipts (see src/modules/email/email.tables.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  await withDispatchColumns(
    withIdColumn(db, db.schema.createTable('email_messages'))
      .addColumn('message_id', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
      .addColumn('api_username', 'varchar(100)', (c) => c.notNull())
      .addColumn('from_email_address_id', 'bigint', (c) => c.notNull())
      .addColumn('from_address', 'varchar(254)', (c) => c.notNull())
      .addColumn('from_name', 'varchar(200)')
      .addColumn('to_json', 'text', (c) => c.notNull())
      .addColumn('cc_json', 'text')
      .addColumn('bcc_json', 'text')
      // The first `to` address, lower-cased: what q=to: matches and what a history list sorts by.
      .addColumn('to_first', 'varchar(254)', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('body_plain_text', 'text', (c) => c.notNull())
      .addColumn('attachments_json', 'text')
      .addColumn('recipients', 'integer', (c) => c.notNull())
      .addColumn('price_micros', 'bigint', (c) => c.notNull())
      .addColumn('custom_string', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .addColumn('relay_response', 'text')
      .addColumn('rejected_json', 'text')
      // 1 once the hand-off has an outcome whose receipts the sweep has not written yet.
      .addColumn('receipt_pending', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('soft_bounce_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('hard_bounce_count', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await createDispatchIndex(db, 'email_messages');
  // History and export: one account's emails by date, newest first, id breaking ties (keyset order).
  await db.schema.createIndex('email_messages_account_date_idx').on('email_messages').columns(['account_id', 'created_at', 'id']).execute();
  // The receipt sweep reads only the few rows waiting for their receipts.
  await db.schema.createIndex('email_messages_receipt_idx').on('email_messages').column('id').where(sql<SqlBool>`receipt_pending = 1`).execute();

  await withIdColumn(db, db.schema.createTable('email_receipts'))
    .addColumn('message_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('status_text', 'text')
    .addColumn('custom_string', 'text')
    .addColumn('timestamp_send', 'bigint')
    .addColumn('receipt_at', 'bigint', (c) => c.notNull())
    .addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // One receipt per recipient of an email: two sweeps racing write it once.
  await db.schema.createIndex('email_receipts_message_email_uq').on('email_receipts').columns(['message_id', 'email']).unique().execute();
  await db.schema.createIndex('email_receipts_account_idx').on('email_receipts').columns(['account_id', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
