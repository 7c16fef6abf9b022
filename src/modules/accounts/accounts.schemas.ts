import { Type } from '@sinclair/typebox';
import { Flag, NonEmpty } from '../../core/validation/index.js';

const Access = {
  access_users: Flag,
  access_billing: Flag,
  access_reporting: Flag,
  access_contacts: Flag,
  access_settings: Flag,
  access_sms: Flag,
  access_email: Flag,
  access_voice: Flag,
  access_fax: Flag,
  access_post: Flag,
  access_reseller: Flag,
  access_mms: Flag,
};

export const Currency = Type.Object({
  currency_name_short: Type.String(),
  currency_prefix_d: Type.String(),
  currency_prefix_c: Type.String(),
  currency_name_long: Type.String(),
});

export const SubaccountRecord = Type.Object({
  ...Access,
  api_key: Type.String({ description: 'In full only on creation, regeneration, or for the key that made this request; masked otherwise.' }),
  api_username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  notes: Type.Union([Type.String(), Type.Null()]),
  phone_number: Type.String(),
  share_campaigns: Type.Integer(),
  subaccount_id: Type.Integer(),
});

export const AccountRecord = Type.Object({
  _currency: Currency,
  _subaccount: Type.Union([SubaccountRecord, Type.Null()]),
  account: Type.Integer(),
  account_billing_email: Type.Union([Type.String(), Type.Null()]),
  account_billing_mobile: Type.Union([Type.String(), Type.Null()]),
  account_name: Type.String(),
  active: Type.Integer(),
  auto_recharge: Type.Integer(),
  auto_recharge_amount: Type.String(),
  balance: Type.String({ description: 'Decimal string with 6 places, e.g. "1117.461060".' }),
  balance_commission: Type.String(),
  banned: Type.Integer(),
  country: Type.String(),
  default_country_sms: Type.String(),
  delivery_to: Type.Union([Type.String(), Type.Null()]),
  fax_quality: Type.Integer(),
  low_credit_amount: Type.String(),
  old_dashboard: Type.Integer(),
  private_uploads: Type.Integer(),
  reply_to: Type.Union([Type.String(), Type.Null()]),
  setting_email_sms_subject: Type.Integer(),
  setting_fix_sender_id: Type.Integer(),
  setting_sms_hide_business_name: Type.Integer(),
  setting_sms_hide_your_number: Type.Integer(),
  setting_sms_message_char_limit: Type.Integer(),
  setting_unicode_sms: Type.Integer(),
  timezone: Type.String(),
  user_email: Type.String(),
  user_first_name: Type.String(),
  user_id: Type.Integer(),
  user_last_name: Type.String(),
  user_phone: Type.String(),
  username: Type.String(),
});

export const NewAccountBody = Type.Object({
  username: NonEmpty(100),
  password: NonEmpty(200),
  user_phone: NonEmpty(32),
  user_email: NonEmpty(254),
  user_first_name: NonEmpty(100),
  user_last_name: NonEmpty(100),
  account_name: NonEmpty(200),
  country: NonEmpty(2, 'ISO 3166-1 alpha-2, e.g. AU'),
});

// ClickSend's docs mark most fields of PUT /account required; we accept any subset and change only what is sent.
export const UpdateAccountBody = Type.Object({
  username: Type.Optional(NonEmpty(100)),
  password: Type.Optional(NonEmpty(200)),
  account_name: Type.Optional(NonEmpty(200)),
  country: Type.Optional(NonEmpty(2)),
  timezone: Type.Optional(NonEmpty(64)),
  user_email: Type.Optional(NonEmpty(254)),
  user_phone: Type.Optional(NonEmpty(32)),
  user_first_name: Type.Optional(NonEmpty(100)),
  user_last_name: Type.Optional(NonEmpty(100)),
  private_uploads: Type.Optional(Flag),
  setting_sms_hide_business_name: Type.Optional(Flag),
  setting_sms_hide_your_number: Type.Optional(Flag),
  setting_unicode_sms: Type.Optional(Flag),
  setting_fix_sender_id: Type.Optional(Flag),
  setting_email_sms_subject: Type.Optional(Flag),
  setting_sms_message_char_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
  default_country_sms: Type.Optional(NonEmpty(2)),
  low_credit_amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
  auto_recharge: Type.Optional(Flag),
  reply_to: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
  delivery_to: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
});

export const VerifySendBody = Type.Object({
  country: NonEmpty(2),
  user_phone: NonEmpty(32),
  type: NonEmpty(16, 'sms, email or voice'),
});

export const VerifyResult = Type.Object({
  activation_token: Type.String(),
  country: Type.String(),
  type: Type.String(),
  user_phone: Type.String(),
});

export const ActivationTokenParams = Type.Object({ activation_token: Type.String({ pattern: '^[0-9]{4,10}$', maxLength: 10 }) });

export const ForgotPasswordBody = Type.Object({ username: NonEmpty(100) });
export const ForgotPasswordVerifyBody = Type.Object({
  subaccount_id: Type.Integer({ minimum: 1 }),
  // Our reset tokens are 22 URL-safe characters (128 bits); the room above that is for clients' whitespace-free copies.
  activation_token: Type.String({ minLength: 1, maxLength: 64 }),
  password: NonEmpty(200),
});
export const ForgotUsernameBody = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 254 })),
  phone_number: Type.Optional(Type.String({ maxLength: 32 })),
  country: Type.Optional(Type.String({ maxLength: 2 })),
});

export const UsageParams = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 9999 }),
  month: Type.Integer({ minimum: 1, maximum: 12 }),
  type: Type.Optional(Type.String({ maxLength: 32 })),
});

const UsageItem = Type.Object({
  subaccount_id: Type.Union([Type.Integer(), Type.Null()]),
  total_count: Type.Union([Type.Number(), Type.String()]),
  total_price: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
});
const UsageTotal = Type.Object({ count: Type.Number(), price: Type.String() });
export const UsageRecord = Type.Object({
  email: Type.Array(UsageItem),
  email_total: UsageTotal,
  fax: Type.Array(UsageItem),
  fax_total: UsageTotal,
  post: Type.Array(UsageItem),
  post_total: UsageTotal,
  sms: Type.Array(UsageItem),
  sms_total: UsageTotal,
  voice: Type.Array(UsageItem),
  voice_total: UsageTotal,
});
