import type { Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { DispatchStatus } from '../../core/dispatch/index.js';
import { ReceiptStore } from '../../core/messaging/index.js';
import { searchPage, type Search } from '../../core/search/index.js';
import type { NewSmsInbound, SmsInboundRow, SmsReceiptRow } from './sms.tables.js';
import './sms.tables.js';

type Exec = Db | Transaction<Database>;

/** A message at the network whose delivery receipt has come due (what the receipt sweep reads). */
export interface DueMessage {
  id: number;
  message_id: string;
  account_id: number;
  subaccount_id: number;
  to_number: string;
  from_sender: string | null;
  body: string;
  custom_string: string | null;
  sent_at: number | null;
  from_email: string | null;
  /** `source` of the send: AUTOMATION_SOURCE marks a message an automation rule sent. */
  source: string | null;
}

/** SQL for delivery receipts, inbound messages and the opt-out list. */
export class SmsInboxRepository {
  /** Delivery receipts: the message core's receipt store over sms_receipts. */
  readonly receipts: ReceiptStore<SmsReceiptRow>;

  constructor(readonly db: Db) {
    this.receipts = new ReceiptStore<SmsReceiptRow>(db, 'sms_receipts');
  }

  // Inbound

  /** False when a row with its message_id was there already (a repeat stores nothing). */
  async insertInbound(db: Exec, row: NewSmsInbound): Promise<boolean> {
    const r = await db
      .insertInto('sms_inbound')
      .values(row)
      .onConflict((oc) => oc.column('message_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  findInbound(accountId: number, messageId: string): Promise<SmsInboundRow | undefined> {
    return this.db.selectFrom('sms_inbound').selectAll().where('message_id', '=', messageId).where('account_id', '=', accountId).executeTakeFirst();
  }

  /** Unread inbound messages matching the search, in its order (oldest first by default), and how many match. */
  unreadInboundPage(accountId: number, search: Search, limit: number, offset: number): Promise<{ rows: SmsInboundRow[]; total: number }> {
    return searchPage<SmsInboundRow>(() => this.db.selectFrom('sms_inbound').where('account_id', '=', accountId).where('is_read', '=', 0), search, limit, offset);
  }

  /** The latest reply to one outbound message. */
  latestReplyTo(accountId: number, originalMessageId: string): Promise<SmsInboundRow | undefined> {
    return this.db.selectFrom('sms_inbound').selectAll().where('account_id', '=', accountId).where('original_message_id', '=', originalMessageId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async markInboundRead(accountId: number, before: number | undefined, messageId?: string): Promise<number> {
    let q = this.db.updateTable('sms_inbound').set({ is_read: 1 }).where('account_id', '=', accountId);
    if (messageId !== undefined) q = q.where('message_id', '=', messageId);
    else q = q.where('is_read', '=', 0);
    if (before !== undefined) q = q.where('created_at', '<', before);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  /** The account's most recent outbound message (what a test inbound replies to by default). */
  latestOutbound(accountId: number) {
    return this.db
      .selectFrom('sms_messages')
      .select(['message_id', 'subaccount_id', 'to_number', 'from_sender', 'body', 'custom_string', 'from_email'])
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  outbound(accountId: number, messageId: string) {
    return this.db
      .selectFrom('sms_messages')
      .select(['message_id', 'subaccount_id', 'to_number', 'from_sender', 'body', 'custom_string', 'from_email'])
      .where('account_id', '=', accountId)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
  }

  // Opt-outs

  async optOut(db: Exec, accountId: number, phone: string, inboundMessageId: string, now: number): Promise<void> {
    await db
      .insertInto('sms_opt_outs')
      .values({ account_id: accountId, phone, inbound_message_id: inboundMessageId, created_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'phone']).doNothing())
      .execute();
  }

  // The receipt sweep

  /** Messages at the network whose receipt is due by nowMs, earliest first (reads the partial index on status_code 200). */
  dueForReceipt(nowMs: number, limit: number): Promise<DueMessage[]> {
    return (
      this.db
        .selectFrom('sms_messages')
        .select(['id', 'message_id', 'account_id', 'subaccount_id', 'to_number', 'from_sender', 'body', 'custom_string', 'sent_at', 'from_email', 'source'])
        .where('status_code', '=', 200)
        .where('receipt_due_ms', '<=', nowMs)
        .orderBy('receipt_due_ms')
        // Ties (a batch sent together) in send order, so receipts list in a stable order on both dialects.
        .orderBy('id')
        .limit(limit)
        .execute()
    );
  }

  /**
   * Moves messages from 200 to the receipt's code, only those still at 200: when two sweeps race, the
   * second one's update finds nothing, so a receipt is applied once. The ids it moved.
   */
  async applyReceipt(trx: Transaction<Database>, ids: number[], statusCode: number, errorCode: number | null, now: number): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await trx
      .updateTable('sms_messages')
      .set({ status_code: statusCode, error_code: errorCode, receipt_at: now, status: statusCode === 201 ? DispatchStatus.Sent : DispatchStatus.Failed })
      .where('id', 'in', ids)
      .where('status_code', '=', 200)
      .returning('id')
      .execute();
    return rows.map((r) => Number(r.id));
  }
}
