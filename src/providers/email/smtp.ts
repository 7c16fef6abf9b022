import type { EmailProvider, EmailSendResult, OutgoingEmail } from './types.js';

export interface SmtpProviderOptions {
  /** smtp://user:pass@host:port or smtps://… (TLS from the first byte); smtp:// upgrades with STARTTLS when offered. */
  readonly url: string;
  readonly poolSize: number;
  /** Messages per second (0 = no limit). */
  readonly ratePerSecond: number;
  readonly timeoutMs: number;
  readonly defaultFrom: string;
}

/**
 * A real relay through nodemailer's pooled SMTP transport. CONTRACT STUB: the provider engineer implements
 * it (5xx → PermanentFailure with the relay's reason, 4xx / network / timeout → TemporaryFailure).
 */
export class SmtpEmailProvider implements EmailProvider {
  readonly kind = 'smtp';
  constructor(readonly options: SmtpProviderOptions) {}

  async send(_email: OutgoingEmail, _idempotencyKey: string): Promise<EmailSendResult> {
    throw new Error('SmtpEmailProvider is not implemented yet');
  }

  async close(): Promise<void> {}
}
