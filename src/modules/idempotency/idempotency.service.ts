import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { PeriodicTask } from '../../core/dispatch/index.js';
import { ApiError } from '../../core/errors/index.js';
import { IDEMPOTENCY_KEY_HEADER } from '../../core/http/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { IdempotencyRepository, type ClaimRef, type StoredAnswer } from './idempotency.repository.js';

/** One request that carries a key, as the HTTP hook describes it. */
export interface KeyedRequest {
  readonly accountId: number;
  readonly subaccountId: number;
  readonly key: string;
  /** "POST /v3/sms/send". */
  readonly route: string;
  /** sha256 hex of the canonical request. */
  readonly fingerprint: string;
}

/** What a keyed request does: run (it holds the key and must finish or release it) or answer with the stored answer. */
export type Begin = { readonly kind: 'run'; readonly claim: ClaimRef } | { readonly kind: 'replay'; readonly answer: StoredAnswer };

const SWEEP_BATCH = 1000;

/**
 * The rules of Idempotency-Key (docs in README "Safe retries"):
 * - one key space per account; the first request with a key claims it (a pending row, unique on account + key) and
 *   runs; its answer is stored for the key's window (IDEMPOTENCY_TTL) and replayed to the same request again;
 * - the same key with another route or body is a 409, and so is the same key from other credentials of the account
 *   (a subaccount): the stored answer may name the first caller (its api_username, its IP address), so it is never
 *   shown to anyone else, and nothing is sent either;
 * - a duplicate that arrives while the first runs waits for its answer (up to IDEMPOTENCY_WAIT_MS), then a 409
 *   "still in progress"; a first request that died (its lock older than IDEMPOTENCY_LOCK_TIMEOUT) is taken over.
 * Which answers are kept is the hook's choice (see shouldKeep).
 */
export class IdempotencyService {
  readonly repo: IdempotencyRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly config: Config['idempotency'],
  ) {
    this.repo = new IdempotencyRepository(db);
  }

  async begin(req: KeyedRequest): Promise<Begin> {
    // Real time, not the injected clock: the wait bounds this request's own latency; the lock and the window are
    // business time and follow the clock (which tests move).
    const deadline = performance.now() + this.config.waitMs;
    for (;;) {
      const nowMs = this.clock.nowMs();
      const token = randomUUID();
      const now = unixSeconds(this.clock);
      const claimed = await this.repo.insertPending({
        account_id: req.accountId,
        subaccount_id: req.subaccountId,
        idem_key: req.key,
        route: req.route,
        request_hash: req.fingerprint,
        state: 'pending',
        lock_token: token,
        lock_expires_ms: nowMs + this.config.lockTimeoutMs,
        created_at: now,
        expires_at: now + this.config.ttlSeconds,
      });
      if (claimed) return { kind: 'run', claim: { accountId: req.accountId, key: req.key, token } };

      const row = await this.repo.find(req.accountId, req.key);
      if (!row) continue; // released (the first failed with a 5xx) or swept since the insert: claim it again
      if (row.expires_at <= now) {
        await this.repo.deleteIfExpired(req.accountId, req.key, now);
        continue;
      }
      if (row.subaccount_id !== req.subaccountId) throw otherCredentials(req.key);
      if (row.route !== req.route) throw otherRoute(req.key, row.route);
      if (row.request_hash !== req.fingerprint) throw otherBody(req.key);
      if (row.state === 'done') {
        return { kind: 'replay', answer: { statusCode: row.status_code ?? 200, contentType: row.content_type ?? 'application/json; charset=utf-8', body: row.response_body ?? '' } };
      }
      if (row.lock_expires_ms <= nowMs) {
        // The first request died without an answer (a crash, a lost database connection): this one runs instead.
        if (await this.repo.takeOver(req.accountId, req.key, row.lock_token, token, nowMs + this.config.lockTimeoutMs)) {
          return { kind: 'run', claim: { accountId: req.accountId, key: req.key, token } };
        }
        continue;
      }
      if (performance.now() >= deadline) throw stillInProgress(req.key);
      await sleep(this.config.pollMs);
    }
  }

  /** Stores the holder's answer for replays; false when its claim was taken over meanwhile (nothing stored). */
  complete(claim: ClaimRef, answer: StoredAnswer): Promise<boolean> {
    return this.repo.complete(claim, answer);
  }

  /** Gives the key back, so the next request with it runs afresh. */
  release(claim: ClaimRef): Promise<void> {
    return this.repo.release(claim);
  }

  /** Deletes every key whose window has ended; returns how many. */
  async sweepExpired(): Promise<number> {
    const now = unixSeconds(this.clock);
    let total = 0;
    for (;;) {
      const n = await this.repo.deleteExpired(now, SWEEP_BATCH);
      total += n;
      if (n < SWEEP_BATCH) return total;
    }
  }

  /** The sweep as the dispatcher's periodic task (every IDEMPOTENCY_SWEEP_INTERVAL, wherever a dispatcher runs). */
  sweepTask(): PeriodicTask {
    return {
      name: 'idempotency.sweep',
      intervalMs: this.config.sweepIntervalMs,
      run: async () => {
        const deleted = await this.sweepExpired();
        return deleted > 0 ? { expiredIdempotencyKeysDeleted: deleted } : undefined;
      },
    };
  }
}

// 409 CONFLICT for each: the request is well formed, but clashes with what the key already stands for (RFC 9110's
// meaning of 409, and the status Stripe and the IETF idempotency-key draft use). Nothing is sent for any of them.
const H = IDEMPOTENCY_KEY_HEADER;
const otherBody = (key: string) => new ApiError('CONFLICT', `${H} "${key}" was already used with a different request body; a key stands for one request: send a new key for a new request.`);
const otherRoute = (key: string, route: string) => new ApiError('CONFLICT', `${H} "${key}" was already used for ${route}; a key stands for one request: send a new key for a new request.`);
const otherCredentials = (key: string) => new ApiError('CONFLICT', `${H} "${key}" was already used on this account with other credentials (another subaccount); send a new key.`);

/** The first request with the key has not answered within IDEMPOTENCY_WAIT_MS (the hook adds Retry-After). */
export class KeyStillInProgress extends ApiError {
  constructor(key: string) {
    super('CONFLICT', `A request with ${H} "${key}" is still in progress; retry with the same key in a few seconds to get its answer.`);
  }
}
const stillInProgress = (key: string) => new KeyStillInProgress(key);
