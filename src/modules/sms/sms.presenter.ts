import { microsToDecimal } from '../../core/util/money.js';
import { GATEWAY_ERRORS, presentStatus, statusText } from './sms.status.js';
import type { SmsInboundRow, SmsMessageRow, SmsReceiptRow } from './sms.tables.js';

/** A history record (GET /sms/history, the export). */
export function presentHistory(row: SmsMessageRow) {
  return {
    _api_username: row.api_username,
    body: row.body,
    carrier: row.carrier,
    // A plain `to` recipient has no contact: ClickSend prints contact 0 with empty names then.
    contact_id: row.contact_id === null ? 0 : Number(row.contact_id),
    country: row.country,
    custom_string: row.custom_string ?? '',
    // ClickSend prints history dates, parts and prices as strings ("1436932432", "1.00", "0.070000").
    date: String(row.created_at),
    direction: 'out',
    ...pick(presentStatus({ ...row, attempts: Number(row.attempts) })),
    first_name: '',
    from: row.from_sender ?? '',
    from_email: row.from_email,
    last_name: '',
    list_id: row.list_id === null ? null : Number(row.list_id),
    message_id: row.message_id,
    message_parts: Number(row.message_parts).toFixed(2),
    message_price: microsToDecimal(Number(row.price_micros), 6),
    schedule: String(row.schedule_at),
    subaccount_id: Number(row.subaccount_id),
    to: row.to_number,
    user_id: Number(row.account_id),
  };
}

function pick(s: ReturnType<typeof presentStatus>) {
  return { error_code: s.error_code, error_text: s.error_text, status: s.status, status_code: s.status_code, status_text: s.status_text };
}

export type HistoryItem = ReturnType<typeof presentHistory>;

/** CSV columns of the export: the history record's fields, in its order. */
export const EXPORT_COLUMNS: ReadonlyArray<keyof HistoryItem> = [
  'message_id',
  'date',
  'schedule',
  'direction',
  'to',
  'from',
  'body',
  'country',
  'carrier',
  'message_parts',
  'message_price',
  'status',
  'status_code',
  'status_text',
  'error_code',
  'error_text',
  'custom_string',
  'list_id',
  'contact_id',
  'from_email',
  'user_id',
  'subaccount_id',
  '_api_username',
];

export function exportRow(row: SmsMessageRow): unknown[] {
  const h = presentHistory(row);
  return EXPORT_COLUMNS.map((c) => h[c] ?? '');
}

function receiptFields(r: SmsReceiptRow) {
  return {
    custom_string: r.custom_string,
    // ClickSend prints receipt codes and times as strings ("201", "1442381791").
    error_code: r.error_code === null ? null : String(r.error_code),
    error_text: r.error_code === null ? null : (GATEWAY_ERRORS[r.error_code] ?? null),
    message_id: r.message_id,
    status_code: String(r.status_code),
    status_text: statusText(Number(r.status_code)),
    timestamp: String(r.receipt_at),
  };
}

/** GET /sms/receipts items. */
export function presentReceiptItem(r: SmsReceiptRow) {
  return { _message_type: 'sms', ...receiptFields(r), timestamp_send: String(r.timestamp_send ?? r.receipt_at) };
}

/** GET /sms/receipts/{message_id}. */
export function presentReceipt(r: SmsReceiptRow) {
  return { ...receiptFields(r), message_type: 'sms', timestamp_send: String(r.timestamp_send ?? r.receipt_at) };
}

/** POST /sms/receipts. */
export function presentTestReceipt(r: SmsReceiptRow) {
  return receiptFields(r);
}

export function presentInbound(r: Omit<SmsInboundRow, 'id'>) {
  return {
    _keyword: r.keyword,
    body: r.body,
    custom_string: r.custom_string,
    from: r.from_number,
    message_id: r.message_id,
    original_body: r.original_body,
    original_message_id: r.original_message_id,
    // ClickSend prints the inbound timestamp as a string.
    timestamp: String(r.created_at),
    to: r.to_number,
  };
}
