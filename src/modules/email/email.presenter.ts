import { fileUrl } from '../../core/files/index.js';
import { microsToDecimal } from '../../core/util/money.js';
import type { CurrencyInfo } from '../accounts/index.js';
import { presentStatus } from './email.status.js';
import type { EmailMessageRow, StoredAttachment, StoredMailbox } from './email.tables.js';

const mailboxes = (json: string | null): StoredMailbox[] | null => {
  const list = json ? (JSON.parse(json) as StoredMailbox[]) : [];
  // ClickSend shows an absent cc/bcc as null (history example).
  return list.length ? list : null;
};

export function presentAttachments(publicUrl: string, json: string | null) {
  const list = json ? (JSON.parse(json) as StoredAttachment[]) : [];
  return list.map((a) => ({
    file_name: a.file_name,
    content_type: a.content_type,
    content_disposition: a.content_disposition,
    content_id: a.content_id,
    _attachment_file_url: fileUrl(publicUrl, a.stored_name),
    _detected_type: a.detected_type,
  }));
}

/** The fields the send answer and history share (send: date_added/schedule numbers; history: strings). */
function common(row: EmailMessageRow, currency: CurrencyInfo, publicUrl: string) {
  return {
    _attachments: presentAttachments(publicUrl, row.attachments_json),
    _currency: currency,
    to: mailboxes(row.to_json),
    cc: mailboxes(row.cc_json),
    bcc: mailboxes(row.bcc_json),
    body: row.body,
    body_plain_text: row.body_plain_text,
    custom_string: row.custom_string,
    from_email_address_id: Number(row.from_email_address_id),
    from_name: row.from_name,
    hard_bounce_count: Number(row.hard_bounce_count),
    soft_bounce_count: Number(row.soft_bounce_count),
    message_id: row.message_id,
    // ClickSend prints an email's price as a string with 4 places ("0.0050").
    price: microsToDecimal(Number(row.price_micros), 4),
    subaccount_id: Number(row.subaccount_id),
    subject: row.subject,
    user_id: Number(row.account_id),
  };
}

/** The /email/send answer: always WaitApproval "Accepted for delivery" (ClickSend's documented quirk), times as numbers. */
export function presentSent(row: EmailMessageRow, currency: CurrencyInfo, publicUrl: string) {
  return {
    ...common(row, currency, publicUrl),
    date_added: Number(row.created_at),
    schedule: Number(row.schedule_at),
    status: 'WaitApproval',
    status_text: 'Accepted for delivery',
  };
}

/** A history record: date_added and schedule as strings (ClickSend's history example). */
export function presentHistory(row: EmailMessageRow, currency: CurrencyInfo, publicUrl: string) {
  return {
    ...common(row, currency, publicUrl),
    date_added: String(row.created_at),
    schedule: String(row.schedule_at),
    ...presentStatus(row.status, row.last_error),
    // Additive: why the last hand-off failed (a retried temporary failure too), null otherwise.
    _error: row.last_error,
  };
}

export const EXPORT_COLUMNS = [
  'message_id',
  'date_added',
  'schedule',
  'status',
  'status_text',
  'from_email_address_id',
  'from_name',
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'body_plain_text',
  'attachments',
  'price',
  'custom_string',
  'subaccount_id',
  'soft_bounce_count',
  'hard_bounce_count',
] as const;

const joined = (json: string | null) => (mailboxes(json) ?? []).map((m) => m.email).join('; ');

/** One CSV line (cells are neutralised by core/files' writer). */
export function exportRow(row: EmailMessageRow): unknown[] {
  const s = presentStatus(row.status, row.last_error);
  const attachments = row.attachments_json ? (JSON.parse(row.attachments_json) as StoredAttachment[]).map((a) => a.file_name).join('; ') : '';
  return [
    row.message_id,
    row.created_at,
    row.schedule_at,
    s.status,
    s.status_text,
    row.from_email_address_id,
    row.from_name ?? '',
    row.from_address,
    joined(row.to_json),
    joined(row.cc_json),
    joined(row.bcc_json),
    row.subject,
    row.body_plain_text,
    attachments,
    microsToDecimal(Number(row.price_micros), 4),
    row.custom_string ?? '',
    row.subaccount_id,
    row.soft_bounce_count,
    row.hard_bounce_count,
  ];
}
