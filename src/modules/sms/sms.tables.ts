import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DispatchColumns } from '../../core/dispatch/index.js';
import type { ReceiptColumns } from '../../core/messaging/index.js';

/*
 * The SMS tables. Only this module reads them (statistics asks smsTrafficByDay): column names are stable, and every column
 * says what it holds. Times are unix seconds unless a name ends in _ms; money is integer micro-units
 * of the account's currency (fixed when the account was created).
 */

/**
 * One outbound SMS per row, and the dispatch queue's table (sms.queue.ts). `status` (from the
 * dispatch columns) is the message's life:
 *   Scheduled → waiting for schedule_at;  Queued → due (or waiting for a retry; last_error says why);
 *   Processing → handed to the provider right now;  Sent → accepted by the network (status_code 200),
 *   and still Sent once delivered (status_code 201), as ClickSend shows it;  Failed → the network
 *   reported a failure (300/301), or hand-off kept failing (status_code null: presented as 301);
 *   Cancelled → cancelled before hand-off, and refunded;
 *   Completed → sent to a documented test number: accepted, never charged, never dispatched.
 * Only rows that were accepted are stored: a message refused at send time (INVALID_RECIPIENT, …) has no row.
 */
export interface SmsMessagesTable extends DispatchColumns {
  id: Generated<number>;
  /** Upper-case GUID, what the API calls message_id. Unique. */
  message_id: string;
  account_id: number;
  /** The credentials that sent it; usage per subaccount follows it. */
  subaccount_id: number;
  /** api_username of those credentials at send time (history's `_api_username`). */
  api_username: string;
  /** Recipient in E.164 (+61411111111). */
  to_number: string;
  /** Sender id as given (a number or an alphanumeric tag); null = the shared sandbox number. */
  from_sender: string | null;
  /** The text as sent: already cut to the account's message character limit. */
  body: string;
  /** ISO 3166-1 alpha-2 of the recipient, detected from the number. */
  country: string;
  /** Network name when known; '' (the default) otherwise, as ClickSend prints it. */
  carrier: ColumnType<string, string | undefined, string>;
  message_parts: number;
  /** What was charged for it: parts × the country's rate; 0 for a test number. Refunds do not change it. */
  price_micros: number;
  custom_string: string | null;
  source: string | null;
  /** The contact list it was sent to (a list_id send or a campaign); null for a plain `to`. */
  list_id: number | null;
  /** The contact it was sent to (history's contact_id, 0 when null); not a foreign key: deleting a contact keeps its history. */
  contact_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The SMS campaign that sent it (the campaigns module's id); null otherwise. Indexed with account_id. */
  campaign_id: ColumnType<number | null, number | null | undefined, number | null>;
  from_email: string | null;
  /** When the API accepted it (history's `date`). schedule_at (dispatch column) is history's `schedule`. */
  created_at: number;
  /** 53-bit hash of recipient and body (throttleKey() in sms.validate.ts), for the THROTTLED check; not unique. */
  throttle_key: number;
  /** 200 sent to network, 201 delivered, 300 failed (temporary), 301 failed (permanent); null before hand-off. */
  status_code: number | null;
  /** ClickSend's gateway error code of a failure or cancel (help-centre table: 5 cancelled, 7–20 failures); null otherwise. */
  error_code: number | null;
  /** When the provider accepted it (receipts' `timestamp_send`). */
  sent_at: number | null;
  /** Unix ms when the network's delivery receipt is due; set at hand-off, read by the receipt sweep while status_code is 200. */
  receipt_due_ms: number | null;
  /** When its delivery receipt arrived. */
  receipt_at: number | null;
}

/**
 * Delivery receipts that have arrived: one per message, written by the receipt sweep (sms.receipts.sweep.ts)
 * in the same transaction that moves its message from 200 to 201/300/301, plus test receipts (POST
 * /sms/receipts: is_test = 1, no message behind them).
 */
export interface SmsReceiptsTable extends Omit<ReceiptColumns, 'id'> {
  id: Generated<number>;
}

/** Inbound SMS: replies from sandbox numbers, and test inbound messages (POST /sms/inbound). */
export interface SmsInboundTable {
  id: Generated<number>;
  /** Upper-case GUID. Unique; a reply made by the receipt sweep gets one derived from its outbound message, so a repeat does nothing. */
  message_id: string;
  account_id: number;
  /** Sender, E.164. */
  from_number: string;
  /** The number it was sent to (the outbound message's sender number, or the shared sandbox number). */
  to_number: string;
  body: string;
  /** First word of the body, lower case (`_keyword`). */
  keyword: string;
  /** The outbound message this replies to, when known. */
  original_message_id: string | null;
  original_body: string | null;
  /** The outbound message's custom_string, echoed as ClickSend does. */
  custom_string: string | null;
  /** 0 until PUT /sms/inbound-read; GET /sms/inbound lists unread messages. */
  is_read: number;
  /** When it arrived (`timestamp`). */
  created_at: number;
}

/** Numbers that replied STOP (or UNSUBSCRIBE, END…) to an account: sends to them are refused. */
export interface SmsOptOutsTable {
  id: Generated<number>;
  account_id: number;
  /** E.164. Unique per account. */
  phone: string;
  /** The inbound message that opted the number out. */
  inbound_message_id: string | null;
  created_at: number;
}

export type SmsMessageRow = Selectable<SmsMessagesTable>;
export type NewSmsMessage = Insertable<SmsMessagesTable>;
export type SmsReceiptRow = Selectable<SmsReceiptsTable>;
export type NewSmsReceipt = Insertable<SmsReceiptsTable>;
export type SmsInboundRow = Selectable<SmsInboundTable>;
export type NewSmsInbound = Insertable<SmsInboundTable>;

declare module '../../core/db/types.js' {
  interface Database {
    sms_messages: SmsMessagesTable;
    sms_receipts: SmsReceiptsTable;
    sms_inbound: SmsInboundTable;
    sms_opt_outs: SmsOptOutsTable;
  }
}
