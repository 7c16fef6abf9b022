import { Type } from '@sinclair/typebox';

// ClickSend's example: date_added a string of unix seconds, verified 0/1.
export const EmailAddressRecord = Type.Object({
  date_added: Type.String(),
  email_address: Type.String(),
  email_address_id: Type.Integer(),
  verified: Type.Integer({ minimum: 0, maximum: 1 }),
});

// The format is checked in the service, so a bad address gets a message naming it rather than a pattern dump.
export const EmailAddressBody = Type.Object({
  email_address: Type.String({ minLength: 1, maxLength: 254, description: 'The sender address to allow; it must be verified before it can send.' }),
});

export const EmailAddressIdParams = Type.Object({
  email_address_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

export const VerifyParams = Type.Object({
  email_address_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  activation_token: Type.String({ minLength: 1, maxLength: 200 }),
});
