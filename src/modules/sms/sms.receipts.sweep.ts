import type { Db } from '../../core/db/index.js';
import type { PeriodicTask } from '../../core/dispatch/index.js';
import type { AutomationEvent, AutomationPort, ContactListPort } from '../../core/messaging/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { SmsProvider } from '../../providers/sms/types.js';
import type { DueMessage, SmsInboxRepository } from './sms.inbox.repository.js';
import { keywordOf, recordInbound, replyAddress, replyMessageId } from './sms.inbound.js';
import { GATEWAY_ERRORS, StatusCode, statusText } from './sms.status.js';

/** `source` of the messages automation rules send (AUTO_REPLY, SMS, GROUP_SMS): their sandbox answers fire no sending action. */
export const AUTOMATION_SOURCE = 'sendbox-automation';

export interface SweepOptions {
  readonly intervalMs: number;
  /** Messages per transaction. */
  readonly batchSize?: number;
  /** Batches per run at most, so one run cannot hold the loop for long; the next run continues. */
  readonly maxBatches?: number;
}

/**
 * Delivery receipts, as a periodic task of the dispatcher (serve and every `sendbox worker` run it).
 * The state is in the database, not in a timer: the SMS channel stores when each message's receipt is
 * due (receipt_due_ms, status_code 200), and every run applies the receipts that have come due, in
 * batches, each in one transaction: the message moves to 201/300/301, its receipt row is written and
 * a sandbox reply (with STOP's opt-out) is stored. A crash rolls a batch back whole and a restart picks
 * it up again; two sweeps racing apply each receipt once (applyReceipt only moves rows still at 200,
 * and receipt and reply rows are unique per message).
 *
 * Why not one dispatch row per receipt: that costs a claim, a read and two writes per message, and
 * measured it halved dispatch throughput on SQLite; set-based batches cost a few statements per hundreds.
 */
export function receiptSweep(
  db: Db,
  repo: SmsInboxRepository,
  provider: SmsProvider,
  clock: Clock,
  opts: SweepOptions,
  /** STOP replies also opt out through the account's opt-out list (recordInbound). */
  lists?: ContactListPort,
  /** Receipt and inbound rules: the batch's receipts and replies fire, once, in the batch's transaction. */
  automations?: AutomationPort,
): PeriodicTask & { runOnce(): Promise<number> } {
  const batchSize = opts.batchSize ?? 500;
  const maxBatches = opts.maxBatches ?? 40;

  async function runOnce(): Promise<number> {
    const nowMs = clock.nowMs();
    const due = await repo.dueForReceipt(nowMs, batchSize);
    if (due.length === 0) return 0;
    const now = Math.floor(nowMs / 1000);
    const byOutcome = new Map<string, { statusCode: number; errorCode: number | null; ids: number[] }>();
    for (const m of due) {
      const r = provider.deliveryReport(m.to_number);
      const key = `${r.statusCode}:${r.errorCode}`;
      const group = byOutcome.get(key) ?? { statusCode: r.statusCode, errorCode: r.errorCode, ids: [] };
      group.ids.push(Number(m.id));
      byOutcome.set(key, group);
    }
    await db.transaction().execute(async (trx) => {
      const applied = new Set<number>();
      for (const g of byOutcome.values()) for (const id of await repo.applyReceipt(trx, g.ids, g.statusCode, g.errorCode, now)) applied.add(id);
      const done = due.filter((m) => applied.has(Number(m.id)));
      await repo.receipts.insertMany(
        trx,
        done.map((m) => {
          const r = provider.deliveryReport(m.to_number);
          return {
            message_id: m.message_id,
            account_id: m.account_id,
            subaccount_id: m.subaccount_id,
            custom_string: m.custom_string,
            status_code: r.statusCode,
            error_code: r.errorCode,
            timestamp_send: m.sent_at,
            receipt_at: now,
            is_read: 0,
            is_test: 0,
            created_at: now,
          };
        }),
      );
      const events: AutomationEvent[] = automations ? done.map((m) => receiptEvent(m, provider.deliveryReport(m.to_number), now)) : [];
      for (const m of done) {
        const reply = provider.deliveryReport(m.to_number).reply;
        if (reply === null) continue;
        const inbound = await recordInbound(
          repo,
          trx,
          {
            message_id: replyMessageId(m.message_id),
            account_id: m.account_id,
            from_number: m.to_number,
            to_number: replyAddress(m.from_sender, provider.sharedNumber),
            body: reply,
            keyword: keywordOf(reply),
            original_message_id: m.message_id,
            original_body: m.body,
            custom_string: m.custom_string,
            is_read: 0,
            created_at: now,
          },
          lists,
          { subaccountId: m.subaccount_id, fromEmail: m.from_email, answersAutomation: m.source === AUTOMATION_SOURCE },
        );
        if (inbound) events.push(inbound);
      }
      // One call for the batch: one rules read per rule group, whatever the batch's size.
      if (events.length > 0) await automations?.fire(trx, events);
    });
    return due.length;
  }

  return {
    name: 'sms-receipts',
    intervalMs: opts.intervalMs,
    runOnce,
    async run() {
      for (let i = 0; i < maxBatches; i++) if ((await runOnce()) < batchSize) break;
      // Nothing to log: this runs every few hundred ms.
      return undefined;
    },
  };
}

/** The receipt event of a message the sweep just moved (webhooks.md §2; texts from ClickSend's gateway code table, §7). */
function receiptEvent(m: DueMessage, r: { statusCode: number; errorCode: number | null }, now: number): AutomationEvent {
  return {
    type: 'receipt',
    channel: 'sms',
    accountId: m.account_id,
    subaccountId: m.subaccount_id,
    messageId: m.message_id,
    status: r.statusCode === StatusCode.Delivered ? 'Delivered' : 'Undelivered',
    statusCode: r.statusCode,
    statusText: statusText(r.statusCode),
    errorCode: r.errorCode,
    errorText: r.errorCode === null ? null : (GATEWAY_ERRORS[r.errorCode] ?? null),
    customString: m.custom_string,
    timestampSend: m.sent_at,
    timestamp: now,
    recipient: m.to_number,
    fromEmail: m.from_email,
  };
}
