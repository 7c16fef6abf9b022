import { Type, type Static } from '@sinclair/typebox';
import { searchQueryProperties } from '../../../core/search/index.js';
import { POST_HISTORY_SEARCH } from './search.js';
import { addressFields, addressRecordFields, MAX_UNIX_SECONDS } from '../../../core/validation/index.js';

/*
 * Recipient fields are loose on purpose: each recipient is checked on its own by the service, so one bad
 * address gets its own status (MISSING_REQUIRED_FIELDS, INVALID_RECIPIENT, …) instead of failing the
 * whole request, as on ClickSend. Only what cannot be an address at all (an object, a huge string) is
 * refused by the schema.
 */
const Text = (description: string) => Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], { description }));

export const PostRecipientInput = Type.Object({
  ...addressFields(() => Text('Required.'), {
    address_line_2: Text('Optional; may be empty.'),
    address_postal_code: Text('Required. 11111, 22222 and 33333 are test postcodes: accepted, never charged or printed.'),
    address_country: Text('Required: ISO 3166-1 alpha-2, e.g. AU.'),
  }),
  return_address_id: Type.Optional(
    Type.Union([Type.Integer(), Type.String({ maxLength: 40 }), Type.Null()], { description: 'Required: the id of one of your return addresses (/post/return-addresses).' }),
  ),
  schedule: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 40 }), Type.Null()], { description: 'Unix seconds; omitted, 0 or null sends now.' })),
  custom_string: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()], { description: 'Stored and returned in history.' })),
});
export type PostRecipientInput = Static<typeof PostRecipientInput>;

export const Recipients = Type.Array(PostRecipientInput, { minItems: 1, maxItems: 1000, description: 'One item per recipient, at most 1000.' });

export const ReturnAddressSnapshot = Type.Object({
  ...addressRecordFields(),
  return_address_id: Type.Integer(),
  user_id: Type.Integer(),
});
export type ReturnAddressSnapshot = Static<typeof ReturnAddressSnapshot>;

/** Beyond ClickSend: where the proof and its PNG thumbnails appear (shortly after the response): the trim, 1200 px (or 300 px, small) on the long side. */
export const ThumbnailUrls = Type.Object({
  front: Type.String(),
  back: Type.Optional(Type.String()),
});

export const HistoryQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Page number, from 1 (default 1).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Items per page: default 15, at most 100.' })),
  date_from: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_UNIX_SECONDS, description: 'Unix seconds: only items added at or after this time.' })),
  date_to: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_UNIX_SECONDS, description: 'Unix seconds: only items added at or before this time.' })),
  ...searchQueryProperties(POST_HISTORY_SEARCH),
});
export type HistoryQuery = Static<typeof HistoryQuery>;

export const ExportQuery = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 200, description: 'Name the CSV downloads as, e.g. myexport.csv.' }),
  date_from: HistoryQuery.properties.date_from,
  date_to: HistoryQuery.properties.date_to,
  // The history's filter, so an export holds what the filtered history showed; rows stay in date order (streamed).
  q: HistoryQuery.properties.q,
  operator: HistoryQuery.properties.operator,
});
export type ExportQuery = Static<typeof ExportQuery>;

export const ExportResult = Type.Object({ url: Type.String() });

export const MessageIdParams = Type.Object({ message_id: Type.String({ minLength: 1, maxLength: 64 }) });

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

/** A recipient that was not queued (status MISSING_REQUIRED_FIELDS, INVALID_RECIPIENT, INVALID_RETURN_ADDRESS, INVALID_SCHEDULE or UNPRINTABLE_ADDRESS). */
export const RefusedRecipientRecord = Type.Object({
  ...addressFields(() => Nullable(Type.String())),
  return_address_id: Nullable(Type.Integer()),
  message_id: Type.Null(),
  post_price: Type.Number(),
  status: Type.String(),
  _error: Type.String({ description: 'Beyond ClickSend: which field is wrong and why.' }),
});

/** Beyond ClickSend: fonts not embedded and similar notes on the files; the request still succeeds. */
export const Warnings = Type.Array(Type.String(), { description: 'Beyond ClickSend: notes on the files that did not stop the request.' });

/** Beyond ClickSend: per accepted item, how its address prints when not as written at its normal size, and notes on its card. */
export const ItemWarnings = Type.Array(Type.String(), {
  description: 'Beyond ClickSend: one sentence per note on how this item prints (address shrunk or wrapped, artwork under the address panel); [] when none.',
});
