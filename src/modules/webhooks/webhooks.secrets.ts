import { performance } from 'node:perf_hooks';
import type { Clock } from '../../core/util/clock.js';
import type { WebhooksRepository } from './webhooks.repository.js';
import { maskSecret, newSigningSecret } from './webhooks.signing.js';

export interface SecretView {
  /** The whole secret the first time it is shown (and after a rotation), else masked. */
  readonly secret: string;
  readonly revealed: boolean;
  readonly created_at: number;
}

/**
 * Each account's signing secret. Created on first need (the first delivery, or the first GET), shown in full once,
 * rotated by POST. Kept as is (not hashed): the server must sign with it, and an HMAC key cannot be recovered from a
 * digest. Subaccounts with access_settings share the account's secret, as they share its rules.
 */
export class WebhookSecrets {
  /**
   * account → secret, for a second of real time: a busy queue signs hundreds of pushes a second for one account, and
   * one read each was a tenth of a delivery's cost. A rotation here drops the entry at once; another process (a
   * `sendbox worker`) picks the new secret up within CACHE_MS.
   */
  private readonly cache = new Map<number, { secret: string; until: number }>();
  private static readonly CACHE_MS = 1000;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly clock: Clock,
  ) {}

  /** The secret to sign with, created if the account has none yet. */
  async signingSecret(accountId: number): Promise<string> {
    const now = performance.now();
    const hit = this.cache.get(accountId);
    if (hit && hit.until > now) return hit.secret;
    let row = await this.repo.secretOf(accountId);
    if (!row) {
      await this.repo.createSecretIfMissing(accountId, newSigningSecret(), this.nowS());
      row = await this.repo.secretOf(accountId);
      if (!row) throw new Error(`no webhook secret for account ${accountId} after creating it`);
    }
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(accountId, { secret: row.secret, until: now + WebhookSecrets.CACHE_MS });
    return row.secret;
  }

  /** In full if it has never been shown (the conditional update lets exactly one caller see it), else masked. */
  async show(accountId: number): Promise<SecretView> {
    await this.signingSecret(accountId);
    const revealed = await this.repo.markRevealed(accountId, this.nowS());
    const row = (await this.repo.secretOf(accountId))!;
    return { secret: revealed ? row.secret : maskSecret(row.secret), revealed, created_at: Number(row.created_at) };
  }

  /** A new secret, shown in full in this answer only; the old one stops signing at once. */
  async rotate(accountId: number): Promise<SecretView> {
    const secret = newSigningSecret();
    const nowS = this.nowS();
    await this.repo.replaceSecret(accountId, secret, nowS);
    this.cache.delete(accountId);
    return { secret, revealed: true, created_at: nowS };
  }

  private nowS(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }
}
