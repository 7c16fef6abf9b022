import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AccountsTable {
  id: Generated<number>;
  username: string;
  password_hash: string | null;
  account_name: string;
  country: string;
  /** Fixed at creation: the balance is held in it. */
  currency: string;
  timezone: string;
  user_email: string;
  user_phone: string;
  user_first_name: string;
  user_last_name: string;
  active: number;
  banned: number;
  /** Cached sum of ledger_transactions.amount_micros, updated in the same transaction as each row. */
  balance_micros: number;
  auto_recharge: number;
  auto_recharge_amount_micros: number;
  low_credit_amount_micros: number;
  default_country_sms: string;
  setting_email_sms_subject: number;
  setting_fix_sender_id: number;
  setting_sms_hide_business_name: number;
  setting_sms_hide_your_number: number;
  setting_sms_message_char_limit: number;
  setting_unicode_sms: number;
  private_uploads: number;
  fax_quality: number;
  account_billing_email: string | null;
  account_billing_mobile: string | null;
  reply_to: string | null;
  delivery_to: string | null;
  created_at: number;
  updated_at: number;
}

export interface SubaccountsTable {
  id: Generated<number>;
  account_id: number;
  /** The account owner's own credentials (created with the account, cannot be deleted). */
  is_primary: number;
  api_username: string;
  api_key_hash: string;
  /** Masked key ("F3702045-****-…-CAE2") shown when the full key is not in hand. */
  api_key_mask: string;
  password_hash: string | null;
  email: string;
  phone_number: string;
  first_name: string;
  last_name: string;
  notes: string | null;
  access_users: number;
  access_billing: number;
  access_reporting: number;
  access_contacts: number;
  access_settings: number;
  access_sms: number;
  access_email: number;
  access_voice: number;
  access_fax: number;
  access_post: number;
  access_reseller: number;
  access_mms: number;
  share_campaigns: number;
  created_at: number;
  updated_at: number;
}

export interface AccountTokensTable {
  id: Generated<number>;
  account_id: number;
  subaccount_id: number;
  purpose: 'verify' | 'reset_password';
  token_hash: string;
  expires_at: number;
  /** When it was used, or voided by a newer token of the same purpose; null while it is the live one. */
  used_at: number | null;
  /** Guesses made against it, each counted before it is compared. */
  attempts: Generated<number>;
  created_at: number;
}

export type AccountRow = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type SubaccountRow = Selectable<SubaccountsTable>;
export type NewSubaccount = Insertable<SubaccountsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    accounts: AccountsTable;
    subaccounts: SubaccountsTable;
    account_tokens: AccountTokensTable;
  }
}
