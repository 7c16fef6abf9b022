import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/**
 * Automation rules (/automations/...): the six groups in one table, told apart by `kind`
 * (sms_inbound, sms_receipt, email_receipt, voice_receipt, fax_receipt, fax_inbound). Each group's routes
 * read and write only its own kind; firing reads an account's enabled rules of one kind in creation order,
 * which the (account_id, kind, id) index serves.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('automation_rules'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('rule_name', 'varchar(200)', (c) => c.notNull())
    // Inbound groups: the number the rule listens on, '*' for any; null for receipt groups.
    .addColumn('dedicated_number', 'varchar(32)')
    // sms_inbound: 0 any, 1 starts with, 2 contains, 3 does not contain; and the term.
    .addColumn('message_search_type', 'integer')
    .addColumn('message_search_term', 'varchar(500)')
    // Receipt groups: 0 all reports, 1 failed only, 2 successful only (3 is stored as given; ClickSend's examples show it).
    .addColumn('match_type', 'integer')
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('action_address', 'varchar(500)', (c) => c.notNull())
    // The text an AUTO_REPLY sends (and what CREATE_CONTACT examples carry); null when not given.
    .addColumn('body', 'text')
    // sms_inbound URL rules: post (default), get or json; null for the other groups.
    .addColumn('webhook_type', 'varchar(8)')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('automation_rules_account_kind_idx').on('automation_rules').columns(['account_id', 'kind', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
