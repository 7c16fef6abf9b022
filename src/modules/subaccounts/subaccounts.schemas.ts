import { Type } from '@sinclair/typebox';
import { Flag, NonEmpty } from '../../core/validation/index.js';

const AccessFields = {
  access_users: Type.Optional(Flag),
  access_billing: Type.Optional(Flag),
  access_reporting: Type.Optional(Flag),
  access_contacts: Type.Optional(Flag),
  access_settings: Type.Optional(Flag),
  access_sms: Type.Optional(Flag),
  access_email: Type.Optional(Flag),
  access_voice: Type.Optional(Flag),
  access_fax: Type.Optional(Flag),
  access_post: Type.Optional(Flag),
  access_reseller: Type.Optional(Flag),
  access_mms: Type.Optional(Flag),
  share_campaigns: Type.Optional(Flag),
  notes: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
};

export const NewSubaccountBody = Type.Object({
  api_username: NonEmpty(100),
  password: NonEmpty(200),
  email: NonEmpty(254),
  phone_number: NonEmpty(32),
  first_name: NonEmpty(100),
  last_name: NonEmpty(100),
  ...AccessFields,
});

// The SDK sends the whole Subaccount model on update; any subset is accepted and only sent fields change.
export const UpdateSubaccountBody = Type.Object({
  api_username: Type.Optional(NonEmpty(100)),
  password: Type.Optional(NonEmpty(200)),
  email: Type.Optional(NonEmpty(254)),
  phone_number: Type.Optional(NonEmpty(32)),
  first_name: Type.Optional(NonEmpty(100)),
  last_name: Type.Optional(NonEmpty(100)),
  ...AccessFields,
});

export const SubaccountIdParams = Type.Object({
  subaccount_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

export type NewSubaccountBody = import('@sinclair/typebox').Static<typeof NewSubaccountBody>;
export type UpdateSubaccountBody = import('@sinclair/typebox').Static<typeof UpdateSubaccountBody>;
