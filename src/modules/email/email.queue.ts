import { PermanentFailure, TemporaryFailure, type DispatchQueue, type DispatchRow, type Outcome } from '../../core/dispatch/index.js';
import type { FileStore } from '../../core/files/index.js';
import { isTestEmail } from '../../core/messaging/index.js';
import type { EmailAttachment, EmailProvider, OutgoingEmail } from '../../providers/email/index.js';
import type { EmailMessageRow, StoredAttachment, StoredMailbox } from './email.tables.js';

type Row = EmailMessageRow & DispatchRow;

export interface EmailQueueOptions {
  readonly concurrency: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly maxAttempts: number;
}

/** The recipients the email really goes to: documented test addresses are shown but never delivered. */
export function realRecipients(json: string | null): StoredMailbox[] {
  return (json ? (JSON.parse(json) as StoredMailbox[]) : []).filter((m) => !isTestEmail(m.email));
}

const box = (m: StoredMailbox) => ({ address: m.email, name: m.name });

async function attachmentsOf(files: FileStore, json: string | null): Promise<EmailAttachment[]> {
  const list = json ? (JSON.parse(json) as StoredAttachment[]) : [];
  return Promise.all(
    list.map(async (a) => {
      const content = await files.get(a.stored_name);
      // The file is written before the row commits; without it no retry can help.
      if (!content) throw new PermanentFailure(`attachment ${a.file_name} is missing from the file store`);
      return { filename: a.file_name, contentType: a.content_type, content, disposition: a.content_disposition, contentId: a.content_id };
    }),
  );
}

/** The email as the provider takes it, addressed to its real recipients only; its Message-ID is the provider's `<message_id>@<From's domain>`. */
export async function outgoingOf(row: EmailMessageRow, files: FileStore): Promise<OutgoingEmail> {
  return {
    to: realRecipients(row.to_json).map(box),
    cc: realRecipients(row.cc_json).map(box),
    bcc: realRecipients(row.bcc_json).map(box),
    from: { address: row.from_address, name: row.from_name ?? undefined },
    subject: row.subject,
    text: row.body_plain_text,
    // A body without markup goes as text alone.
    html: /<[a-z!/]/i.test(row.body) ? row.body : undefined,
    attachments: await attachmentsOf(files, row.attachments_json),
  };
}

/**
 * Hands email_messages rows to the shared email provider, keyed by message_id (stable across retries and
 * re-claims). Every final outcome marks the row receipt_pending in the same write (recordOutcome's `set`);
 * the receipt sweep then writes the receipts and fires their automation rules in one transaction.
 * Accepted → Sent (recipients the relay refused bounce hard); PermanentFailure → Failed with the relay's
 * words, every recipient a hard bounce; TemporaryFailure → retried with backoff, and after maxAttempts
 * Failed with every recipient a soft bounce.
 */
export function emailQueue(provider: EmailProvider, files: FileStore, opts: EmailQueueOptions): DispatchQueue<Row> {
  return {
    name: 'email',
    table: 'email_messages',
    concurrency: opts.concurrency,
    idempotencyKey: (row) => row.message_id,
    retry: { baseDelayMs: opts.retryBaseMs, maxDelayMs: opts.retryMaxMs, maxAttempts: opts.maxAttempts },
    async handle(row, ctx): Promise<Outcome> {
      try {
        const result = await provider.send(await outgoingOf(row, files), ctx.idempotencyKey);
        const rejected = result.rejected ?? [];
        return {
          result: 'sent',
          set: {
            sent_at: Math.floor(ctx.nowMs / 1000),
            relay_response: result.response.slice(0, 1000),
            rejected_json: rejected.length ? JSON.stringify(rejected) : null,
            hard_bounce_count: rejected.length,
            receipt_pending: 1,
          },
        };
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
        if (err instanceof PermanentFailure) {
          return { result: 'failed', error: message, set: { relay_response: message, hard_bounce_count: Number(row.recipients), receipt_pending: 1 } };
        }
        const last = ctx.attempt >= opts.maxAttempts;
        const delay = err instanceof TemporaryFailure && err.retryAfterMs !== undefined ? { delayMs: err.retryAfterMs } : {};
        return { result: 'retry', error: message, ...delay, set: last ? { relay_response: message, soft_bounce_count: Number(row.recipients), receipt_pending: 1 } : {} };
      }
    },
  };
}
