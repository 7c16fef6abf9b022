import { sql, type Kysely, type SqlBool } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/** Outbound SMS, their delivery receipts, inbound SMS and the opt-out list (see src/modules/sms/sms.tables.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  await withDispatchColumns(
    withIdColumn(db, db.schema.createTable('sms_messages'))
      .addColumn('message_id', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
      .addColumn('api_username', 'varchar(100)', (c) => c.notNull())
      .addColumn('to_number', 'varchar(32)', (c) => c.notNull())
      .addColumn('from_sender', 'varchar(32)')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('country', 'varchar(2)', (c) => c.notNull())
      .addColumn('carrier', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('message_parts', 'integer', (c) => c.notNull())
      .addColumn('price_micros', 'bigint', (c) => c.notNull())
      .addColumn('custom_string', 'text')
      .addColumn('source', 'varchar(100)')
      .addColumn('list_id', 'bigint')
      .addColumn('from_email', 'varchar(254)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('throttle_key', 'bigint', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error_code', 'integer')
      .addColumn('sent_at', 'bigint')
      .addColumn('receipt_due_ms', 'bigint')
      .addColumn('receipt_at', 'bigint'),
  ).execute();
  await createDispatchIndex(db, 'sms_messages');
  // History and export: one account's messages by date, newest first, id breaking ties (keyset order).
  // throttle_key rides along so the THROTTLED check reads the latest messages from the index alone. Every
  // index here grows at its end (ids and message_ids are time-ordered too): an index keyed by recipient or
  // hash would take a random page per message, which measured at twice the cost of the whole insert.
  await db.schema.createIndex('sms_messages_account_date_idx').on('sms_messages').columns(['account_id', 'created_at', 'id', 'throttle_key']).execute();
  // The receipt sweep: messages at the network (status_code 200) by receipt due time. Partial, so the
  // millions of delivered or queued rows are not in it and inserts never touch it.
  await db.schema.createIndex('sms_messages_receipt_due_idx').on('sms_messages').column('receipt_due_ms').where(sql<SqlBool>`status_code = 200`).execute();

  await withIdColumn(db, db.schema.createTable('sms_receipts'))
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
    .addColumn('custom_string', 'text')
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('timestamp_send', 'bigint')
    .addColumn('receipt_at', 'bigint', (c) => c.notNull())
    .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_receipts_unread_idx').on('sms_receipts').columns(['account_id', 'is_read', 'id']).execute();

  await withIdColumn(db, db.schema.createTable('sms_inbound'))
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_number', 'varchar(32)', (c) => c.notNull())
    .addColumn('to_number', 'varchar(32)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('keyword', 'varchar(100)', (c) => c.notNull())
    .addColumn('original_message_id', 'varchar(36)')
    .addColumn('original_body', 'text')
    .addColumn('custom_string', 'text')
    .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_inbound_unread_idx').on('sms_inbound').columns(['account_id', 'is_read', 'id']).execute();
  await db.schema.createIndex('sms_inbound_original_idx').on('sms_inbound').columns(['account_id', 'original_message_id']).execute();
  await db.schema.createIndex('sms_inbound_account_date_idx').on('sms_inbound').columns(['account_id', 'created_at']).execute();

  await withIdColumn(db, db.schema.createTable('sms_opt_outs'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('inbound_message_id', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sms_opt_outs_account_phone_key', ['account_id', 'phone'])
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
