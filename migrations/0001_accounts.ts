import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('accounts'))
    .addColumn('username', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('account_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_email', 'varchar(254)', (c) => c.notNull())
    .addColumn('user_phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('user_first_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('user_last_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('banned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('balance_micros', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_recharge', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_recharge_amount_micros', 'bigint', (c) => c.notNull().defaultTo(20_000_000))
    .addColumn('low_credit_amount_micros', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('default_country_sms', 'varchar(2)', (c) => c.notNull())
    .addColumn('setting_email_sms_subject', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('setting_fix_sender_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('setting_sms_hide_business_name', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('setting_sms_hide_your_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('setting_sms_message_char_limit', 'integer', (c) => c.notNull().defaultTo(6))
    .addColumn('setting_unicode_sms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('private_uploads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fax_quality', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('account_billing_email', 'varchar(254)')
    .addColumn('account_billing_mobile', 'varchar(32)')
    .addColumn('reply_to', 'varchar(254)')
    .addColumn('delivery_to', 'varchar(254)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await withIdColumn(db, db.schema.createTable('subaccounts'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('api_username', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('api_key_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('api_key_mask', 'varchar(64)', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('phone_number', 'varchar(32)', (c) => c.notNull())
    .addColumn('first_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('last_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('access_users', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_billing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_reporting', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_contacts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_settings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_sms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_email', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_voice', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_fax', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_post', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_reseller', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_mms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('share_campaigns', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subaccounts_account_idx').on('subaccounts').columns(['account_id', 'id']).execute();

  await withIdColumn(db, db.schema.createTable('account_tokens'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
    .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_tokens_lookup_idx').on('account_tokens').columns(['subaccount_id', 'purpose']).execute();

  await withIdColumn(db, db.schema.createTable('ledger_transactions'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint')
    .addColumn('amount_micros', 'bigint', (c) => c.notNull())
    .addColumn('balance_after_micros', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('channel', 'varchar(32)')
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reference', 'varchar(100)')
    .addColumn('description', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_account_time_idx').on('ledger_transactions').columns(['account_id', 'created_at']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
