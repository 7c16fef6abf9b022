import { Type, type Static } from '@sinclair/typebox';
import { addressFields, addressRecordFields, NonEmpty } from '../../core/validation/index.js';

export const ReturnAddressRecord = Type.Object({
  ...addressRecordFields(),
  return_address_id: Type.Integer(),
  user_id: Type.Integer(),
});
export type ReturnAddressRecord = Static<typeof ReturnAddressRecord>;

// Postal codes arrive as strings in ClickSend's examples, but clients also send numbers ("6302" or 6302).
const PostalCode = Type.Union([Type.String({ minLength: 1, maxLength: 20 }), Type.Integer({ minimum: 0 })]);

export const NewReturnAddressBody = Type.Object(
  addressFields(() => NonEmpty(200), {
    address_line_2: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    address_city: NonEmpty(100),
    address_state: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    address_postal_code: PostalCode,
    address_country: NonEmpty(2, 'ISO 3166-1 alpha-2, e.g. AU'),
  }),
);
export type NewReturnAddressBody = Static<typeof NewReturnAddressBody>;

export const UpdateReturnAddressBody = Type.Partial(NewReturnAddressBody);
export type UpdateReturnAddressBody = Static<typeof UpdateReturnAddressBody>;

export const ReturnAddressIdParams = Type.Object({
  return_address_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
