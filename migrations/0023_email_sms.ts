import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/**
 * Email-to-SMS: the addresses allowed to send SMS by email (/sms/email-sms), the strings cut from their
 * bodies (/sms/email-sms-stripped-strings), and the Message-IDs already turned into SMS (a client that
 * retries after a lost 250 sends nothing twice).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('email_sms_addresses'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint')
    .addColumn('email_address', 'varchar(254)', (c) => c.notNull())
    .addColumn('from_sender', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One row per address within an account; the SMTP listener looks an address up across accounts.
  await db.schema.createIndex('email_sms_addresses_account_address_uq').on('email_sms_addresses').columns(['account_id', 'email_address']).unique().execute();
  await db.schema.createIndex('email_sms_addresses_address_idx').on('email_sms_addresses').column('email_address').execute();

  await withIdColumn(db, db.schema.createTable('email_sms_stripped_strings'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('strip_string', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_sms_stripped_strings_account_idx').on('email_sms_stripped_strings').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('email_sms_received')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // sha256 hex of the Message-ID header: fixed width whatever the client put there.
    .addColumn('message_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_sms_received_pk', ['account_id', 'message_key'])
    .execute();
  await db.schema.createIndex('email_sms_received_created_idx').on('email_sms_received').column('created_at').execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
