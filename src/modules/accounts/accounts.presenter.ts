import { microsToDecimal } from '../../core/util/money.js';
import { currencyInfo } from './currency.js';
import type { AccountRow, SubaccountRow } from './accounts.tables.js';

/**
 * The subaccount record as ClickSend prints it. api_key is in full only when the server holds the
 * key in hand (just created, just regenerated, or the key that authenticated this request); otherwise
 * it is masked, because only a hash is stored.
 */
export function presentSubaccount(row: SubaccountRow, keyInHand?: string) {
  // One object literal (not built from ACCESS_FLAGS): this runs on every GET /account and list row.
  const all = row.is_primary === 1;
  const flag = (v: number): 0 | 1 => (all || v === 1 ? 1 : 0);
  return {
    access_billing: flag(row.access_billing),
    access_contacts: flag(row.access_contacts),
    access_email: flag(row.access_email),
    access_fax: flag(row.access_fax),
    access_mms: flag(row.access_mms),
    access_post: flag(row.access_post),
    access_reporting: flag(row.access_reporting),
    access_reseller: flag(row.access_reseller),
    access_settings: flag(row.access_settings),
    access_sms: flag(row.access_sms),
    access_users: flag(row.access_users),
    access_voice: flag(row.access_voice),
    api_key: keyInHand ?? row.api_key_mask,
    api_username: row.api_username,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    notes: row.notes,
    phone_number: row.phone_number,
    share_campaigns: row.share_campaigns,
    subaccount_id: row.id,
  };
}

export type PresentedSubaccount = ReturnType<typeof presentSubaccount>;

/** The account record of GET/POST/PUT /account; `_subaccount` describes the credentials in use. */
export function presentAccount(account: AccountRow, sub: SubaccountRow | null, keyInHand?: string) {
  return {
    _currency: currencyInfo(account.currency),
    _subaccount: sub ? presentSubaccount(sub, keyInHand) : null,
    // ClickSend's `account` field is 0 on every documented account record; its meaning is not documented.
    account: 0,
    account_billing_email: account.account_billing_email,
    account_billing_mobile: account.account_billing_mobile,
    account_name: account.account_name,
    active: account.active,
    auto_recharge: account.auto_recharge,
    // ClickSend prints money in account records as decimal strings: 2 places for settings, 6 for balances.
    auto_recharge_amount: microsToDecimal(account.auto_recharge_amount_micros, 2),
    balance: microsToDecimal(account.balance_micros, 6),
    balance_commission: '0.000000',
    banned: account.banned,
    country: account.country,
    default_country_sms: account.default_country_sms,
    delivery_to: account.delivery_to,
    fax_quality: account.fax_quality,
    low_credit_amount: microsToDecimal(account.low_credit_amount_micros, 2),
    old_dashboard: 0,
    private_uploads: account.private_uploads,
    reply_to: account.reply_to,
    setting_email_sms_subject: account.setting_email_sms_subject,
    setting_fix_sender_id: account.setting_fix_sender_id,
    setting_sms_hide_business_name: account.setting_sms_hide_business_name,
    setting_sms_hide_your_number: account.setting_sms_hide_your_number,
    setting_sms_message_char_limit: account.setting_sms_message_char_limit,
    setting_unicode_sms: account.setting_unicode_sms,
    timezone: account.timezone,
    user_email: account.user_email,
    user_first_name: account.user_first_name,
    user_id: account.id,
    user_last_name: account.user_last_name,
    user_phone: account.user_phone,
    username: account.username,
  };
}
