import type { Generated, Insertable, Selectable } from 'kysely';

export type IdempotencyState = 'pending' | 'done';

export interface IdempotencyKeysTable {
  id: Generated<number>;
  account_id: number;
  /** The credentials that first used the key (the primary's own subaccount id for the account owner). */
  subaccount_id: number;
  idem_key: string;
  /** "POST /v3/sms/send". */
  route: string;
  /** sha256 hex of the canonical request (see fingerprint in idempotency.hook.ts). */
  request_hash: string;
  state: IdempotencyState;
  lock_token: string;
  /** Unix ms: a 'pending' row past this belongs to a request that died; a duplicate may take it over. */
  lock_expires_ms: number;
  status_code: number | null;
  content_type: string | null;
  response_body: string | null;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds: the end of the key's window. */
  expires_at: number;
}

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;
export type NewIdempotencyRow = Insertable<IdempotencyKeysTable>;

declare module '../../core/db/types.js' {
  interface Database {
    idempotency_keys: IdempotencyKeysTable;
  }
}
