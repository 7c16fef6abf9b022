import { Type, type Static } from '@sinclair/typebox';
import { NonEmpty } from '../../core/validation/index.js';

export const EmailSmsAddressRecord = Type.Object({
  email_address: Type.String(),
  email_address_id: Type.Integer(),
  from: Type.String(),
});

// The SDK types subaccount_id as a string; a JSON number is as plain a way to write an id.
const SubaccountId = Type.Union([Type.String({ maxLength: 20 }), Type.Integer({ minimum: 1 })], { description: 'The subaccount usage is attributed to.' });

export const EmailSmsAddressBody = Type.Object({
  email_address: NonEmpty(254, 'The address allowed to send SMS by email.'),
  from: NonEmpty(32, 'Sender id of the SMS: a number or up to 11 letters and digits.'),
  subaccount_id: Type.Optional(Type.Union([SubaccountId, Type.Null()])),
});
export type EmailSmsAddressBody = Static<typeof EmailSmsAddressBody>;

export const EmailSmsAddressUpdate = Type.Object({
  email_address: NonEmpty(254, 'The address allowed to send SMS by email.'),
  from: Type.Optional(NonEmpty(32, 'Sender id of the SMS: a number or up to 11 letters and digits.')),
  subaccount_id: Type.Optional(Type.Union([SubaccountId, Type.Null()])),
});
export type EmailSmsAddressUpdate = Static<typeof EmailSmsAddressUpdate>;

export const AddressIdParams = Type.Object({
  email_address_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

export const StrippedStringRecord = Type.Object({
  rule_id: Type.Integer(),
  strip_string: Type.String(),
});

export const StrippedStringBody = Type.Object({
  strip_string: NonEmpty(500, 'Text cut from the body of every email-to-SMS mail of the account.'),
});
export type StrippedStringBody = Static<typeof StrippedStringBody>;

export const RuleIdParams = Type.Object({
  rule_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
