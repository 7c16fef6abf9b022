import { Type, type Static } from '@sinclair/typebox';
import { Currency } from '../accounts/index.js';
import { addressRecordFields } from '../../core/validation/index.js';
import { RefusedRecipientRecord, Recipients, ReturnAddressSnapshot, ThumbnailUrls, TrackingRecordFields, Warnings, ItemWarnings } from '../post/index.js';

const Flag = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: 1, description }));

export const SendLettersBody = Type.Object({
  file_url: Type.String({ minLength: 1, maxLength: 2048, description: 'One PDF, every page A4 portrait (210 × 297 mm), any number of pages.' }),
  recipients: Recipients,
  colour: Flag('1 prints in colour (default 0).'),
  duplex: Flag('1 prints on both sides (default 0).'),
  priority_post: Flag('1 sends by priority post (default 0).'),
  template_used: Flag(
    '1: your page 1 leaves the address window blank (20 mm from the left, 45–85 mm from the top, 90 mm wide) and the address is printed there; 0 (default): a cover page carrying the address is added.',
  ),
  source: Type.Optional(Type.String({ maxLength: 100 })),
});
export type SendLettersBody = Static<typeof SendLettersBody>;

const Address = addressRecordFields();

const Proofs = {
  _proof_url: Type.Optional(Type.String({ description: 'Beyond ClickSend: the print-ready proof (appears shortly after).' })),
  _thumbnail_urls: Type.Optional(ThumbnailUrls),
  _thumbnail_small_urls: Type.Optional(ThumbnailUrls),
};

export const LetterSendRecord = Type.Object({
  _api_username: Type.String(),
  _file_url: Type.String(),
  _return_address: ReturnAddressSnapshot,
  ...Address,
  colour: Type.Integer(),
  custom_string: Type.Union([Type.String(), Type.Null()]),
  date_added: Type.Integer(),
  duplex: Type.Integer(),
  message_id: Type.String(),
  post_pages: Type.Integer(),
  post_price: Type.String(),
  priority_post: Type.Integer(),
  return_address_id: Type.Integer(),
  schedule: Type.Integer(),
  source: Type.String(),
  status: Type.String(),
  subaccount_id: Type.Integer(),
  user_id: Type.Integer(),
  ...Proofs,
  _warnings: ItemWarnings,
});

export const LetterSendResult = Type.Object({
  _currency: Currency,
  queued_count: Type.Integer(),
  recipients: Type.Array(Type.Union([LetterSendRecord, RefusedRecipientRecord])),
  total_count: Type.Integer(),
  total_price: Type.Number(),
  _warnings: Warnings,
});

export const LetterPriceRecord = Type.Object({
  ...Address,
  date_added: Type.Integer(),
  message_id: Type.String(),
  post_pages: Type.Integer(),
  post_price: Type.String(),
  priority_post: Type.Integer(),
  return_address_id: Type.Integer(),
  schedule: Type.Integer(),
  status: Type.String(),
  subaccount_id: Type.Integer(),
  user_id: Type.Integer(),
  _warnings: ItemWarnings,
});

export const LetterPriceResult = Type.Object({
  recipients: Type.Array(Type.Union([LetterPriceRecord, RefusedRecipientRecord])),
  total_cost: Type.Number(),
  total_price: Type.Number(),
  _warnings: Warnings,
});

export const LetterHistoryRecord = Type.Object({
  ...Address,
  address_line_2: Type.Union([Type.String(), Type.Null()]),
  colour: Type.Integer(),
  custom_string: Type.Union([Type.String(), Type.Null()]),
  date_added: Type.Integer(),
  duplex: Type.Integer(),
  list_id: Type.Null(),
  message_id: Type.String(),
  post_pages: Type.Integer(),
  post_price: Type.String(),
  return_address_id: Type.Integer(),
  schedule: Type.Union([Type.Integer(), Type.Null()]),
  source: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: 'Scheduled, Queued, Processing, Sent, Failed or Cancelled; Test for a test postcode once complete (beyond ClickSend).' }),
  status_code: Type.String(),
  status_text: Type.String(),
  subaccount_id: Type.Integer(),
  user_id: Type.Integer(),
  ...Proofs,
  ...TrackingRecordFields,
  _warnings: ItemWarnings,
});
