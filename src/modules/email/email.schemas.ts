import { Type, type Static } from '@sinclair/typebox';
import { PageQuery } from '../../core/pagination/index.js';
import { searchQueryProperties } from '../../core/search/index.js';
import { Currency } from '../accounts/index.js';
import { EMAIL_HISTORY_SEARCH } from './email.query.js';

const Str = Type.String();
const NullableStr = Type.Union([Type.String(), Type.Null()]);

/** A recipient: the address is checked by the service (so the answer names `to[2].email` and says why). */
const MailboxInput = Type.Object({
  email: Type.String({ maxLength: 320 }),
  name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
});
// Far above config.email.maxRecipients (which the service enforces with a message naming the limit); bounds the parse.
const Recipients = Type.Array(MailboxInput, { maxItems: 1000 });

const AttachmentInput = Type.Object({
  content: Type.String({ description: 'The file, base64.' }),
  type: Type.String({ minLength: 1, maxLength: 200 }),
  filename: Type.String({ minLength: 1, maxLength: 255 }),
  // ClickSend documents disposition and content_id as required; a missing one defaults (attachment, the file name).
  disposition: Type.Optional(Type.Union([Type.Literal('attachment'), Type.Literal('inline')])),
  content_id: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
});

/** POST /email/send and /email/price. */
export const EmailInput = Type.Object({
  to: Recipients,
  cc: Type.Optional(Type.Union([Recipients, Type.Null()])),
  bcc: Type.Optional(Type.Union([Recipients, Type.Null()])),
  from: Type.Object({
    // The SDK's model types it as a string; callers send numbers too.
    email_address_id: Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 20 })]),
    name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  }),
  // Optional on send (channels.md §4.1: the send schema requires only to, from.email_address_id and body).
  subject: Type.Optional(Type.Union([Type.String({ maxLength: 998 }), Type.Null()])),
  body: Type.String({ minLength: 1 }),
  attachments: Type.Optional(Type.Union([Type.Array(AttachmentInput, { maxItems: 100 }), Type.Null()])),
  schedule: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ maxLength: 20 }), Type.Null()])),
  custom_string: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
});
export type EmailInput = Static<typeof EmailInput>;

const Mailbox = Type.Object({ email: Str, name: Type.Optional(Str) });
const Mailboxes = Type.Union([Type.Array(Mailbox), Type.Null()]);

export const AttachmentRecord = Type.Object({
  file_name: Str,
  content_type: Str,
  content_disposition: Str,
  content_id: Str,
  _attachment_file_url: Str,
  /** Additive: what the bytes are (magic numbers) when recognised. */
  _detected_type: NullableStr,
});

const recordFields = {
  _attachments: Type.Array(AttachmentRecord),
  _currency: Currency,
  to: Mailboxes,
  cc: Mailboxes,
  bcc: Mailboxes,
  body: Str,
  body_plain_text: Str,
  custom_string: NullableStr,
  from_email_address_id: Type.Integer(),
  from_name: NullableStr,
  hard_bounce_count: Type.Integer(),
  soft_bounce_count: Type.Integer(),
  message_id: Str,
  price: Str,
  status: Str,
  status_text: Str,
  subaccount_id: Type.Integer(),
  subject: Str,
  user_id: Type.Integer(),
};

/** The /email/send answer: date_added and schedule are numbers here (strings in history, as ClickSend shows them). */
export const SendRecord = Type.Object({ ...recordFields, date_added: Type.Integer(), schedule: Type.Integer() });
export const HistoryRecord = Type.Object({ ...recordFields, date_added: Str, schedule: Str, _error: Type.Optional(NullableStr) });

export const PriceRecord = Type.Object({
  _currency: Currency,
  to_array: Mailboxes,
  cc_array: Mailboxes,
  bcc_array: Mailboxes,
  body: Str,
  subject: NullableStr,
  price: Type.Number(),
});

export const HistoryQuery = Type.Object({
  ...PageQuery.properties,
  ...searchQueryProperties(EMAIL_HISTORY_SEARCH),
  date_from: Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799, description: 'Unix seconds, inclusive.' })),
  date_to: Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799, description: 'Unix seconds, inclusive.' })),
});
export type HistoryQuery = Static<typeof HistoryQuery>;

export const ExportQuery = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 200, description: 'Name the CSV downloads as.' }),
  ...HistoryQuery.properties,
});
export const ExportResult = Type.Object({ url: Str });

export const TestReceiptBody = Type.Object({ url: Type.String({ minLength: 1, maxLength: 2000 }) });
export const TestReceipt = Type.Object({ email: Str, message_id: Str, status: Str, timestamp: Type.Integer() });
