import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DispatchColumns } from '../../core/dispatch/index.js';

/*
 * The transactional email tables; only this module reads them. Times are unix seconds; money is integer
 * micro-units of the account's currency.
 */

/** A mailbox as stored in to_json / cc_json / bcc_json: what the caller gave, the address trimmed. */
export interface StoredMailbox {
  email: string;
  name?: string;
}

/** An attachment as stored in attachments_json: the file in the FileStore and how the email carries it. */
export interface StoredAttachment {
  file_name: string;
  /** The declared MIME type (what the email's part says and what ClickSend echoes). */
  content_type: string;
  content_disposition: 'attachment' | 'inline';
  content_id: string;
  /** The FileStore name (`<GUID>.<ext>`), the extension from the bytes when they are recognised. */
  stored_name: string;
  /** What the bytes are, when recognised (magic numbers); null otherwise. */
  detected_type: string | null;
  size: number;
}

/**
 * One email per row (all its recipients), and the dispatch queue's table (email.queue.ts). `status` is the
 * dispatch status: Scheduled → Queued → Processing → Sent | Failed; Completed = sent only to the
 * documented test addresses (accepted, never charged, never dispatched).
 */
export interface EmailMessagesTable extends DispatchColumns {
  id: Generated<number>;
  /** Upper-case GUID; also the provider's idempotency key. */
  message_id: string;
  account_id: number;
  subaccount_id: number;
  api_username: string;
  from_email_address_id: number;
  /** The allowed address the id named at send time. */
  from_address: string;
  from_name: string | null;
  to_json: string;
  cc_json: string | null;
  bcc_json: string | null;
  to_first: string;
  subject: string;
  body: string;
  body_plain_text: string;
  attachments_json: string | null;
  /** Recipients charged (to + cc + bcc, test addresses excluded): the ledger quantity. */
  recipients: number;
  price_micros: number;
  custom_string: string | null;
  created_at: number;
  sent_at: number | null;
  /** The relay's answer ("250 …", "captured") or its refusal. */
  relay_response: string | null;
  /** Recipients the relay refused while accepting the email (JSON array), or null. */
  rejected_json: string | null;
  receipt_pending: ColumnType<number, number | undefined, number>;
  soft_bounce_count: ColumnType<number, number | undefined, number>;
  hard_bounce_count: ColumnType<number, number | undefined, number>;
}

/** One delivery receipt per real recipient of an email (Delivered or Undelivered). */
export interface EmailReceiptsTable {
  id: Generated<number>;
  message_id: string;
  account_id: number;
  subaccount_id: number;
  email: string;
  status: 'Delivered' | 'Undelivered';
  status_text: string | null;
  custom_string: string | null;
  timestamp_send: number | null;
  receipt_at: number;
  is_test: ColumnType<number, number | undefined, number>;
}

export type EmailMessageRow = Selectable<EmailMessagesTable>;
export type NewEmailMessage = Insertable<EmailMessagesTable>;
export type EmailReceiptRow = Selectable<EmailReceiptsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    email_messages: EmailMessagesTable;
    email_receipts: EmailReceiptsTable;
  }
}
