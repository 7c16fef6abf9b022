import type { Insertable } from 'kysely';
import type { Db } from '../../core/db/index.js';
import { DispatchStatus, type PeriodicTask } from '../../core/dispatch/index.js';
import { testPushUrl, type AutomationPort, type ReceiptEvent, type WebhookOutbox } from '../../core/messaging/index.js';
import type { Clock } from '../../core/util/clock.js';
import { newGuid } from '../../core/util/ids.js';
import type { AuthContext } from '../../core/auth/index.js';
import { realRecipients } from './email.queue.js';
import type { EmailRepository } from './email.repository.js';
import type { EmailMessageRow, EmailReceiptsTable } from './email.tables.js';

type NewReceipt = Insertable<EmailReceiptsTable>;

/** The receipts of one email that has an outcome: one per real recipient (test addresses get none). */
function receiptsOf(m: EmailMessageRow, now: number): NewReceipt[] {
  const rejected = new Set<string>(m.rejected_json ? (JSON.parse(m.rejected_json) as string[]).map((a) => a.toLowerCase()) : []);
  const failed = m.status === DispatchStatus.Failed;
  const all = [...realRecipients(m.to_json), ...realRecipients(m.cc_json), ...realRecipients(m.bcc_json)];
  return all.map((r) => {
    const undelivered = failed || rejected.has(r.email.toLowerCase());
    return {
      message_id: m.message_id,
      account_id: m.account_id,
      subaccount_id: m.subaccount_id,
      email: r.email,
      status: undelivered ? 'Undelivered' : 'Delivered',
      status_text: undelivered ? (failed ? (m.relay_response ?? m.last_error ?? 'Undelivered') : 'Recipient refused by the relay') : 'Delivered',
      custom_string: m.custom_string,
      timestamp_send: m.sent_at,
      receipt_at: now,
    };
  });
}

function eventOf(r: NewReceipt): ReceiptEvent {
  const delivered = r.status === 'Delivered';
  return {
    type: 'receipt',
    channel: 'email',
    accountId: Number(r.account_id),
    subaccountId: Number(r.subaccount_id),
    messageId: r.message_id,
    status: r.status,
    statusCode: delivered ? 201 : 301,
    statusText: r.status_text ?? r.status,
    errorCode: null,
    errorText: delivered ? null : (r.status_text ?? null),
    customString: r.custom_string ?? null,
    timestampSend: r.timestamp_send ?? null,
    timestamp: r.receipt_at,
    recipient: r.email,
  };
}

/**
 * Email delivery receipts, as a periodic task of the dispatcher (as SMS's receipt sweep): the queue marks
 * each email with an outcome receipt_pending in the outcome's own write; each run takes a batch and, in
 * one transaction, clears the mark (only where still set: two sweeps racing take each email once), writes
 * one receipt per real recipient and fires the email-receipt automation rules. A crash rolls the batch
 * back whole and the next run redoes it, so each rule fires exactly once.
 */
export function emailReceiptSweep(
  db: Db,
  repo: EmailRepository,
  clock: Clock,
  opts: { intervalMs: number; batchSize?: number },
  automations?: AutomationPort,
): PeriodicTask & { runOnce(): Promise<number> } {
  const batchSize = opts.batchSize ?? 200;
  async function runOnce(): Promise<number> {
    const due = await repo.pendingReceipts(batchSize);
    if (due.length === 0) return 0;
    const now = Math.floor(clock.nowMs() / 1000);
    await db.transaction().execute(async (trx) => {
      const taken = await repo.takeReceipts(
        trx,
        due.map((m) => Number(m.id)),
      );
      const rows = due.filter((m) => taken.has(Number(m.id))).flatMap((m) => receiptsOf(m, now));
      await repo.insertReceipts(trx, rows);
      if (automations && rows.length) await automations.fire(trx, rows.map(eventOf));
    });
    return due.length;
  }
  return {
    name: 'email-receipts',
    intervalMs: opts.intervalMs,
    runOnce,
    async run() {
      for (let i = 0; i < 20; i++) if ((await runOnce()) < batchSize) break;
      return undefined;
    },
  };
}

/**
 * POST /email/receipts {url}: ClickSend's sample receipt {email, message_id "<GUID>@clicksend.com", status
 * Delivered, timestamp}, stored as a test receipt and pushed to `url` through the webhook outbox in the
 * same transaction (as POST /sms/receipts does).
 */
export async function testReceipt(db: Db, repo: EmailRepository, clock: Clock, webhooks: WebhookOutbox | undefined, auth: AuthContext, url: string) {
  const target = testPushUrl(url);
  const now = Math.floor(clock.nowMs() / 1000);
  const messageId = `${newGuid()}@clicksend.com`;
  // ClickSend's example names a user address; ours is the first documented test address.
  const email = 'test1@test.com';
  await db.transaction().execute(async (trx) => {
    const row = await repo.insertReceipt(trx, {
      message_id: messageId,
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      email,
      status: 'Delivered',
      status_text: 'Delivered',
      custom_string: null,
      timestamp_send: now,
      receipt_at: now,
      is_test: 1,
    });
    if (target !== null) await webhooks?.enqueue(trx, [{ accountId: auth.accountId, url: target, webhookType: 'post', rule: null, event: eventOf(row) }]);
  });
  return { email, message_id: messageId, status: 'Delivered', timestamp: now };
}
