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
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly clock: Clock,
  ) {}

  /** The secret to sign with, created if the account has none yet. */
  async signingSecret(accountId: number): Promise<string> {
    const found = await this.repo.secretOf(accountId);
    if (found) return found.secret;
    await this.repo.createSecretIfMissing(accountId, newSigningSecret(), this.nowS());
    const made = await this.repo.secretOf(accountId);
    if (!made) throw new Error(`no webhook secret for account ${accountId} after creating it`);
    return made.secret;
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
    return { secret, revealed: true, created_at: nowS };
  }

  private nowS(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }
}
