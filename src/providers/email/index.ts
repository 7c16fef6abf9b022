import path from 'node:path';
import { OutboxEmailProvider } from './outbox.js';
import { SmtpEmailProvider } from './smtp.js';
import type { EmailProvider } from './types.js';

export type { EmailProvider, EmailSendResult, OutgoingEmail, Mailbox, EmailAttachment } from './types.js';
export { OutboxEmailProvider } from './outbox.js';
export { SmtpEmailProvider, type SmtpProviderOptions } from './smtp.js';

export interface EmailProviderSettings {
  readonly dataDir: string;
  readonly email: {
    readonly smtpUrl: string;
    readonly smtpPoolSize: number;
    readonly smtpRatePerSecond: number;
    readonly smtpTimeoutMs: number;
    readonly systemFrom: string;
  };
}

/** The provider the configuration names: SMTP_URL's relay, else the outbox under DATA_DIR. Built once, shared by every queue. */
export function emailProviderFrom(config: EmailProviderSettings): EmailProvider {
  const e = config.email;
  if (e.smtpUrl) {
    return new SmtpEmailProvider({ url: e.smtpUrl, poolSize: e.smtpPoolSize, ratePerSecond: e.smtpRatePerSecond, timeoutMs: e.smtpTimeoutMs, defaultFrom: e.systemFrom });
  }
  return new OutboxEmailProvider(path.join(config.dataDir, 'outbox'), e.systemFrom);
}
