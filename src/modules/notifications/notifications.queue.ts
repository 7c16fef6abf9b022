import type { DispatchQueue, DispatchRow } from '../../core/dispatch/index.js';
import type { EmailProvider } from '../../providers/email/types.js';
import type { SystemEmailRow } from './notifications.tables.js';

type Row = SystemEmailRow & DispatchRow;

/** Delivers system_emails rows through the email provider, keyed by message_id (the .eml name in the outbox). */
export function systemEmailQueue(provider: EmailProvider): DispatchQueue<Row> {
  return {
    name: 'system_emails',
    table: 'system_emails',
    idempotencyKey: (row) => row.message_id,
    async handle(row, ctx) {
      await provider.send({ to: row.to_address, subject: row.subject, text: row.body_text }, ctx.idempotencyKey);
      return { result: 'sent', set: { sent_at: Math.floor(ctx.nowMs / 1000) } };
    },
  };
}
