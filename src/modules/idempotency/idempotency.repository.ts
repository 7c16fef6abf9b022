import type { Db } from '../../core/db/index.js';
import type { IdempotencyRow, NewIdempotencyRow } from './idempotency.tables.js';
import './idempotency.tables.js';

/** What identifies one claim on a key: the row and the token of whoever holds it. */
export interface ClaimRef {
  readonly accountId: number;
  readonly key: string;
  readonly token: string;
}

export interface StoredAnswer {
  readonly statusCode: number;
  readonly contentType: string;
  readonly body: string;
}

/** SQL for the idempotency_keys table. Every state change is one conditional statement, safe across processes. */
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  /** Claims the key with a pending row; false when a row for (account, key) exists already (the unique index decides). */
  async insertPending(row: NewIdempotencyRow): Promise<boolean> {
    const r = await this.db
      .insertInto('idempotency_keys')
      .values(row)
      .onConflict((oc) => oc.columns(['account_id', 'idem_key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  find(accountId: number, key: string): Promise<IdempotencyRow | undefined> {
    return this.db.selectFrom('idempotency_keys').selectAll().where('account_id', '=', accountId).where('idem_key', '=', key).executeTakeFirst();
  }

  /** Deletes the row of (account, key) if its window has ended (the sweep has not come by yet). */
  async deleteIfExpired(accountId: number, key: string, nowSeconds: number): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('idem_key', '=', key).where('expires_at', '<=', nowSeconds).execute();
  }

  /** Hands a pending row whose holder died to a new holder; false when someone else changed it first. */
  async takeOver(accountId: number, key: string, fromToken: string, toToken: string, lockExpiresMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable('idempotency_keys')
      .set({ lock_token: toToken, lock_expires_ms: lockExpiresMs })
      .where('account_id', '=', accountId)
      .where('idem_key', '=', key)
      .where('state', '=', 'pending')
      .where('lock_token', '=', fromToken)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Stores the answer of the claim's holder; false when the claim was lost (taken over after its lock expired). */
  async complete(claim: ClaimRef, answer: StoredAnswer): Promise<boolean> {
    const r = await this.db
      .updateTable('idempotency_keys')
      .set({ state: 'done', status_code: answer.statusCode, content_type: answer.contentType, response_body: answer.body })
      .where('account_id', '=', claim.accountId)
      .where('idem_key', '=', claim.key)
      .where('state', '=', 'pending')
      .where('lock_token', '=', claim.token)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Gives the key back (the request failed in a way a retry should redo), if the claim is still this one's. */
  async release(claim: ClaimRef): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('account_id', '=', claim.accountId)
      .where('idem_key', '=', claim.key)
      .where('state', '=', 'pending')
      .where('lock_token', '=', claim.token)
      .execute();
  }

  /** Deletes up to `limit` rows whose window has ended; returns how many. */
  async deleteExpired(nowSeconds: number, limit: number): Promise<number> {
    const ids = await this.db.selectFrom('idempotency_keys').select('id').where('expires_at', '<=', nowSeconds).orderBy('expires_at').limit(limit).execute();
    if (ids.length === 0) return 0;
    await this.db
      .deleteFrom('idempotency_keys')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .execute();
    return ids.length;
  }

  /** Rows of one account (tests and tools). */
  listForAccount(accountId: number): Promise<IdempotencyRow[]> {
    return this.db.selectFrom('idempotency_keys').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
  }
}
