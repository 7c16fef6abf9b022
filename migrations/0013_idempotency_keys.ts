import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/**
 * Idempotency-Key on send routes: one row per (account, key) for the key's window. A request claims its key by
 * inserting a 'pending' row (the unique index makes concurrent duplicates lose the insert and wait), then stores its
 * answer ('done') for replays; the periodic sweep deletes rows from expires_at on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('idempotency_keys'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    /** The credentials that first used the key: only they get its stored answer (it may name them). */
    .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
    .addColumn('idem_key', 'varchar(255)', (c) => c.notNull())
    /** "POST /v3/sms/send": the route the key was first used on. */
    .addColumn('route', 'varchar(200)', (c) => c.notNull())
    /** sha256 (hex) of the canonical request: method, route, parameters, query and JSON body. */
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    /** 'pending' while the first request runs, 'done' once its answer is stored. */
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    /** Who holds the pending claim; a takeover after a crash changes it, so a late finisher cannot overwrite. */
    .addColumn('lock_token', 'varchar(64)', (c) => c.notNull())
    /** Unix ms: a pending row past this is a crashed request's, and the next duplicate takes it over. */
    .addColumn('lock_expires_ms', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('content_type', 'varchar(200)')
    .addColumn('response_body', 'text')
    /** Unix seconds. */
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    /** Unix seconds: the end of the key's window; the sweep deletes the row from then on. */
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_account_key_idx').on('idempotency_keys').columns(['account_id', 'idem_key']).unique().execute();
  await db.schema.createIndex('idempotency_keys_expires_at_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
