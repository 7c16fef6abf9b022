import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/**
 * Webhooks (src/modules/webhooks): the outbox of pushes to customer URLs, its attempt log, and each account's
 * signing secret. A delivery row is written in the same transaction as the event that causes it (an inbound
 * SMS, a receipt), so a crash can delay a push but never lose one; the dispatcher claims due rows like any
 * message table and retries per WEBHOOK_*.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withDispatchColumns(
    withIdColumn(db, db.schema.createTable('webhook_deliveries'))
      // Upper-case GUID sent with every attempt (X-Sendbox-Event-Id): receivers drop duplicates by it.
      .addColumn('event_id', 'varchar(36)', (c) => c.notNull().unique())
      // No foreign key, and no index on message_id: a row is written per receipt and rule in the receipt sweep's
      // transaction, and each of them cost about a tenth of the SMS dispatcher's rate with a URL receipt rule (the issue
      // allows a fifth in all). Accounts are never deleted; the log's message_id filter reads the account's index.
      .addColumn('account_id', 'bigint', (c) => c.notNull())
      // The rule that asked for it; null for a test push (POST /sms/receipts {url}, POST /sms/inbound {url}).
      .addColumn('rule_kind', 'varchar(20)')
      .addColumn('rule_id', 'bigint')
      // sms.inbound, sms.receipt, voice.receipt, fax.receipt, email.receipt, mms.receipt, fax.inbound.
      .addColumn('event_type', 'varchar(20)', (c) => c.notNull())
      // The message the event is about (the inbound message, or the message a receipt reports on).
      .addColumn('message_id', 'varchar(64)')
      .addColumn('url', 'text', (c) => c.notNull())
      // post (form), get (query string) or json.
      .addColumn('webhook_type', 'varchar(8)', (c) => c.notNull())
      // The fields as a JSON object, in the order they are sent; frozen when the event happened.
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('last_http_status', 'integer')
      // 1, then one more per redeliver: each cycle's attempts count from 1 again (the dispatch columns' attempts).
      .addColumn('cycle', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();
  await createDispatchIndex(db, 'webhook_deliveries');
  await db.schema.createIndex('webhook_deliveries_account_idx').on('webhook_deliveries').columns(['account_id', 'id']).execute();

  await withIdColumn(db, db.schema.createTable('webhook_attempts'))
    .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('started_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    // null when no answer came (network error, timeout).
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    // The first bytes of the answer, for the log.
    .addColumn('response_excerpt', 'text')
    // Unix ms of the next attempt (ms: short test knobs must show the doubling); null when this one ended the delivery.
    .addColumn('next_retry_at_ms', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').columns(['delivery_id', 'id']).execute();
  await db.schema.createIndex('webhook_attempts_account_idx').on('webhook_attempts').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('webhook_secrets')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('secret', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // When GET /sendbox/webhook-secret showed it in full; null until then (it is shown in full once).
    .addColumn('revealed_at', 'bigint')
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
