import { Type, type Static } from '@sinclair/typebox';
import { Currency } from '../accounts/index.js';
import { PageQuery } from '../../core/pagination/index.js';
import { searchQueryProperties } from '../../core/search/index.js';
import { SMS_HISTORY_SEARCH, SMS_INBOUND_SEARCH, SMS_RECEIPTS_SEARCH } from './sms.query.js';

const Str = Type.String();
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

/**
 * One message of POST /sms/send and /sms/price. Lenient on purpose: a bad recipient, sender, body or
 * schedule gets its own per-message status (INVALID_RECIPIENT, …) while the other messages go through,
 * as on ClickSend, instead of failing the whole call. Unknown fields are ignored.
 */
export const SmsMessageInput = Type.Object({
  body: Type.Optional(Type.String({ maxLength: 10_000, description: 'The text. Longer than the account message limit (setting_sms_message_char_limit parts) is cut.' })),
  to: Type.Optional(Type.String({ maxLength: 64, description: 'E.164 (+61411111111), or a local number with `country`.' })),
  from: Type.Optional(Type.String({ maxLength: 64, description: 'Sender id: a number, or up to 11 letters and digits without spaces.' })),
  source: Type.Optional(Type.String({ maxLength: 100 })),
  schedule: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 32 }), Type.Null()], { description: 'Unix seconds; absent, 0 or null = now.' })),
  custom_string: Type.Optional(Type.String({ maxLength: 4096 })),
  list_id: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()])),
  country: Type.Optional(Type.String({ maxLength: 8, description: 'ISO 3166-1 alpha-2 to read a local `to` in; default: the account default_country_sms.' })),
  from_email: Type.Optional(Type.String({ maxLength: 254 })),
});
export type SmsMessageInput = Static<typeof SmsMessageInput>;

export const SmsMessageCollection = Type.Object({
  messages: Type.Array(SmsMessageInput, { description: 'At most 1000 messages per call (more: TOO_MANY_RECIPIENTS).' }),
});

/** A message of the /sms/send answer: ClickSend prints numbers as numbers here (unlike history). */
export const SentMessage = Type.Object({
  direction: Str,
  date: Type.Integer(),
  to: Str,
  body: Str,
  from: Str,
  schedule: Type.Integer(),
  message_id: Str,
  message_parts: Type.Integer(),
  message_price: Type.Number(),
  custom_string: Str,
  user_id: Type.Integer(),
  subaccount_id: Type.Integer(),
  // Only on messages to a list contact: any other message keeps the documented example's fields exactly.
  contact_id: Type.Optional(Type.Integer({ description: 'The list contact it was sent to (messages to list contacts only).' })),
  list_id: Type.Optional(Type.Integer({ description: 'The list it was sent to (messages to list contacts only).' })),
  country: Str,
  carrier: Str,
  status: Str,
});

export const SendResult = Type.Object({
  total_price: Type.Number(),
  total_count: Type.Integer(),
  queued_count: Type.Integer(),
  messages: Type.Array(SentMessage),
  // ClickSend names the currency object `currency` on /sms/send (and `_currency` elsewhere).
  currency: Currency,
});

/** A message of the /sms/price answer: message_price is a string here, 4 places. */
export const PricedMessage = Type.Object({
  to: Str,
  body: Str,
  from: Str,
  schedule: Type.Integer(),
  message_parts: Type.Integer(),
  message_price: Str,
  custom_string: Str,
  country: Str,
  status: Str,
});

export const PriceResult = Type.Object({
  total_price: Type.Number(),
  total_count: Type.Integer(),
  queued_count: Type.Integer(),
  messages: Type.Array(PricedMessage),
});

/** A history record: ClickSend prints dates, parts and prices as strings here. */
export const HistoryRecord = Type.Object({
  _api_username: Str,
  body: Str,
  carrier: Str,
  contact_id: Type.Integer(),
  country: Str,
  custom_string: Str,
  date: Str,
  direction: Str,
  error_code: NullableStr,
  error_text: NullableStr,
  first_name: Str,
  from: Str,
  from_email: NullableStr,
  last_name: Str,
  list_id: NullableInt,
  message_id: Str,
  message_parts: Str,
  message_price: Str,
  schedule: Str,
  status: Str,
  status_code: NullableStr,
  status_text: NullableStr,
  subaccount_id: Type.Integer(),
  to: Str,
  user_id: Type.Integer(),
});

export const HistoryQuery = Type.Object({
  ...PageQuery.properties,
  ...searchQueryProperties(SMS_HISTORY_SEARCH),
  date_from: Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799, description: 'Unix seconds, inclusive.' })),
  date_to: Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799, description: 'Unix seconds, inclusive.' })),
});

export const ExportQuery = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 200, description: 'Name the CSV downloads as.' }),
  ...HistoryQuery.properties,
});
export const ExportResult = Type.Object({ url: Str });

export const MessageIdParams = Type.Object({ message_id: Type.String({ minLength: 1, maxLength: 64 }) });
export const OutboundIdParams = Type.Object({ outbound_message_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const CancelAllResult = Type.Object({ count: Type.Integer() });

/** Receipts as GET /sms/receipts lists them. */
export const ReceiptListItem = Type.Object({
  _message_type: Str,
  custom_string: NullableStr,
  error_code: NullableStr,
  error_text: NullableStr,
  message_id: Str,
  status_code: Str,
  status_text: Str,
  timestamp: Str,
  timestamp_send: Str,
});

/** One receipt, GET /sms/receipts/{message_id}: `message_type` without the underscore, as ClickSend documents it. */
export const ReceiptRecord = Type.Object({
  custom_string: NullableStr,
  error_code: NullableStr,
  error_text: NullableStr,
  message_id: Str,
  message_type: Str,
  status_code: Str,
  status_text: Str,
  timestamp: Str,
  timestamp_send: Str,
});

/** The generated receipt of POST /sms/receipts (no timestamp_send in ClickSend's example). */
export const TestReceipt = Type.Object({
  custom_string: NullableStr,
  error_code: NullableStr,
  error_text: NullableStr,
  message_id: Str,
  status_code: Str,
  status_text: Str,
  timestamp: Str,
});

export const UrlBody = Type.Object({ url: Type.String({ minLength: 1, maxLength: 2000, description: 'Where the sample receipt is pushed (a form POST); "poll" stores it only.' }) });

/** POST /sms/inbound: `url` as ClickSend documents it; the other fields are a Sendbox extension to shape the test message. */
export const TestInboundBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'Where the sample is pushed (webhook_type); "poll" stores it only.' }),
  webhook_type: Type.Optional(Type.String({ maxLength: 8, description: 'post (default), get or json.' })),
  from: Type.Optional(Type.String({ maxLength: 32, description: 'Sendbox extension: sender (E.164); default: the recipient of original_message_id.' })),
  body: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Sendbox extension: the text, e.g. STOP to opt the sender out.' })),
  original_message_id: Type.Optional(Type.String({ maxLength: 64, description: 'Sendbox extension: the outbound message it replies to; default: your latest one.' })),
});

export const InboundRecord = Type.Object({
  _keyword: Str,
  body: Str,
  custom_string: NullableStr,
  from: Str,
  message_id: Str,
  original_body: NullableStr,
  original_message_id: NullableStr,
  timestamp: Str,
  to: Str,
});

export const InboundQuery = Type.Object({
  ...PageQuery.properties,
  ...searchQueryProperties(SMS_INBOUND_SEARCH),
});

export const ReceiptsQuery = Type.Object({
  ...PageQuery.properties,
  ...searchQueryProperties(SMS_RECEIPTS_SEARCH),
});

/** PUT …-read: optional date_before (unix seconds); the SDK sends no body at all when it is absent. */
export const DateBeforeBody = Type.Union([Type.Object({ date_before: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 253_402_300_799 }), Type.Null()])) }), Type.Null()]);
