import type { Kysely } from 'kysely';

/**
 * ledger_transactions.channel becomes `product`: what the money bought (sms, post, ...), the key of
 * /account/usage. "Channel" now names only a message channel; the dispatcher drains DispatchQueues.
 * RENAME COLUMN works on PostgreSQL and on SQLite (3.25+); no index uses the column.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ledger_transactions').renameColumn('channel', 'product').execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
