import type { DispatchQueue, DispatchRow, RetryPolicy } from '../../core/dispatch/index.js';
import type { EmailProvider } from '../../providers/email/types.js';
import type { SystemEmailRow } from './notifications.tables.js';

type Row = SystemEmailRow & DispatchRow;

/** How the queue retries and how many emails it hands over at once (config.email: EMAIL_RETRY_*, EMAIL_MAX_ATTEMPTS, EMAIL_CONCURRENCY). */
export interface SystemEmailQueueOptions {
  readonly retry?: Partial<RetryPolicy>;
  readonly concurrency?: number;
}

/**
 * Delivers system_emails rows through the email provider, keyed by message_id (the .eml name in the outbox, the
 * Message-ID's local part on a relay). The provider's failures are the dispatcher's: a TemporaryFailure (4xx, network,
 * timeout) waits EMAIL_RETRY_BASE_MS·2^n and tries again, a PermanentFailure (5xx) ends the row Failed with the relay's
 * words in last_error.
 */
export function systemEmailQueue(provider: EmailProvider, opts: SystemEmailQueueOptions = {}): DispatchQueue<Row> {
  return {
    name: 'system_emails',
    table: 'system_emails',
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    idempotencyKey: (row) => row.message_id,
    async handle(row, ctx) {
      await provider.send({ to: row.to_address, subject: row.subject, text: row.body_text }, ctx.idempotencyKey);
      return { result: 'sent', set: { sent_at: Math.floor(ctx.nowMs / 1000) } };
    },
  };
}
