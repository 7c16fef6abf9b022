import type { DispatchQueue, DispatchRow } from '../../core/dispatch/index.js';
import type { SmsProvider } from '../../providers/sms/types.js';
import type { SmsMessageRow } from './sms.tables.js';

type Row = SmsMessageRow & DispatchRow;

export interface SmsChannelOptions {
  /** First retry wait after a temporary failure, ms (doubles each attempt). */
  readonly retryBaseMs: number;
}

/**
 * Hands sms_messages rows to the provider, keyed by message_id (stable across retries and re-claims).
 * Accepted by the network = Sent with status_code 200; the receipt's due time goes on the same row in
 * the same write (recordOutcome's `set`), so a hand-off costs no extra statement and the receipt sweep
 * finds it after a restart.
 */
export function smsQueue(provider: SmsProvider, opts: SmsChannelOptions): DispatchQueue<Row> {
  return {
    name: 'sms',
    table: 'sms_messages',
    idempotencyKey: (row) => row.message_id,
    retry: { baseDelayMs: opts.retryBaseMs },
    async handle(row, ctx) {
      await provider.submit({ messageId: row.message_id, to: row.to_number, from: row.from_sender, body: row.body, attempt: ctx.attempt }, ctx.idempotencyKey);
      const report = provider.deliveryReport(row.to_number);
      return { result: 'sent', set: { status_code: 200, sent_at: Math.floor(ctx.nowMs / 1000), receipt_due_ms: ctx.nowMs + report.afterMs } };
    },
  };
}
