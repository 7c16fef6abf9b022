import { Type, type Static } from '@sinclair/typebox';
import { Currency } from '../accounts/index.js';
import { addressRecordFields } from '../../core/validation/index.js';
import { RefusedRecipientRecord, Recipients, ReturnAddressSnapshot, ThumbnailUrls, TrackingRecordFields, Warnings, ItemWarnings } from '../post/index.js';

export const SendPostcardsBody = Type.Object({
  file_urls: Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), {
    minItems: 1,
    maxItems: 2,
    description: 'One PDF of exactly 2 pages (front, back) or two 1-page PDFs; every page A5 (210 × 148 mm), at trim size or with a 3 mm bleed.',
  }),
  recipients: Recipients,
  source: Type.Optional(Type.String({ maxLength: 100, description: 'Where the request comes from; defaults to ".rest.v3".' })),
});
export type SendPostcardsBody = Static<typeof SendPostcardsBody>;

const Address = addressRecordFields();

const Common = {
  _api_username: Type.String(),
  _file_url: Type.String(),
  _return_address: ReturnAddressSnapshot,
  ...Address,
  date_added: Type.Integer(),
  ip_address: Type.String(),
  letter_file_name: Type.String(),
  message_id: Type.String(),
  priority: Type.Integer(),
  return_address_id: Type.Integer(),
  source: Type.String(),
  subaccount_id: Type.Integer(),
  user_id: Type.Integer(),
  _proof_url: Type.Optional(Type.String({ description: 'Beyond ClickSend: the print-ready proof with the address in the panel (appears shortly after).' })),
  _thumbnail_urls: Type.Optional(ThumbnailUrls),
  _thumbnail_small_urls: Type.Optional(ThumbnailUrls),
  _warnings: ItemWarnings,
};

/** A queued (or priced) postcard as send and price print it: numbers as numbers. */
export const PostcardSendRecord = Type.Object({
  ...Common,
  post_price: Type.Number(),
  schedule: Type.Integer(),
  status: Type.String({ description: 'SUCCESS' }),
});

export const PostcardSendResult = Type.Object({
  _currency: Currency,
  queued_count: Type.Integer(),
  recipients: Type.Array(Type.Union([PostcardSendRecord, RefusedRecipientRecord])),
  total_count: Type.Integer(),
  total_price: Type.Number(),
  _warnings: Warnings,
});

/** A postcard in history: ClickSend prints post_price and schedule as strings here. */
export const PostcardHistoryRecord = Type.Object({
  ...Common,
  custom_string: Type.Union([Type.String(), Type.Null()]),
  list_id: Type.Null(),
  message_id_supplier: Type.Union([Type.String(), Type.Null()]),
  post_price: Type.String(),
  post_price_supplier: Type.String(),
  schedule: Type.String(),
  status: Type.String({ description: 'Scheduled, Queued, Processing, Sent, Failed or Cancelled; Test for a test postcode once complete (beyond ClickSend).' }),
  ...TrackingRecordFields,
});
