import type { Config } from '../../config/index.js';
import { hashApiKey, hashPassword, hashToken, maskApiKey, type AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError } from '../../core/errors/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { newApiKey, newNumericCode } from '../../core/util/ids.js';
import { isCountryCode, isEmail, isTimezone } from '../../core/validation/index.js';
import { pick } from '../../core/util/pick.js';
import type { LedgerService } from '../ledger/index.js';
import { AccountsRepository } from './accounts.repository.js';
import { presentAccount } from './accounts.presenter.js';
import type { AccountUpdate, SubaccountRow } from './accounts.tables.js';
import { currencyForCountry } from './currency.js';
import type { Notifier } from './notifier.js';

export interface NewAccountInput {
  username: string;
  password: string;
  user_phone: string;
  user_email: string;
  user_first_name: string;
  user_last_name: string;
  account_name: string;
  country: string;
}

export interface AccountUpdateInput {
  username?: string;
  password?: string;
  account_name?: string;
  country?: string;
  timezone?: string;
  user_email?: string;
  user_phone?: string;
  user_first_name?: string;
  user_last_name?: string;
  private_uploads?: number;
  setting_sms_hide_business_name?: number;
  setting_sms_hide_your_number?: number;
  setting_unicode_sms?: number;
  setting_fix_sender_id?: number;
  setting_email_sms_subject?: number;
  setting_sms_message_char_limit?: number;
  default_country_sms?: string;
  low_credit_amount?: number;
  auto_recharge?: number;
  reply_to?: string | null;
  delivery_to?: string | null;
}

const TOKEN_TTL_S = 60 * 60;

const UPDATABLE_ACCOUNT_FIELDS = [
  'username',
  'account_name',
  'timezone',
  'user_email',
  'user_phone',
  'user_first_name',
  'user_last_name',
  'private_uploads',
  'setting_sms_hide_business_name',
  'setting_sms_hide_your_number',
  'setting_unicode_sms',
  'setting_fix_sender_id',
  'setting_email_sms_subject',
  'setting_sms_message_char_limit',
  'auto_recharge',
  'reply_to',
  'delivery_to',
] as const satisfies ReadonlyArray<keyof AccountUpdateInput>;
const DEFAULT_TIMEZONE_BY_COUNTRY: Record<string, string> = {
  AU: 'Australia/Melbourne',
  US: 'America/New_York',
  GB: 'Europe/London',
  NZ: 'Pacific/Auckland',
  CA: 'America/Toronto',
};

export const USERNAME_PATTERN = /^[A-Za-z0-9._@+-]{3,100}$/;

/** Rules for accounts: sign-up, profile, verification, password and username recovery. */
export class AccountsService {
  readonly repo: AccountsRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly ledger: LedgerService,
    private readonly notifier: Notifier,
  ) {
    this.repo = new AccountsRepository(db);
  }

  private now() {
    return unixSeconds(this.clock);
  }

  private checkProfile(input: Partial<NewAccountInput & { timezone: string }>) {
    if (input.username !== undefined && !USERNAME_PATTERN.test(input.username)) {
      throw ApiError.badRequest('username must be 3–100 characters of letters, digits and . _ @ + -.');
    }
    if (input.country !== undefined && !isCountryCode(input.country)) {
      throw ApiError.badRequest(`country must be an ISO 3166-1 alpha-2 code such as AU or US, got "${input.country}".`);
    }
    if (input.user_email !== undefined && !isEmail(input.user_email)) {
      throw ApiError.badRequest(`user_email is not an email address: "${input.user_email}".`);
    }
    if (input.timezone !== undefined && !isTimezone(input.timezone)) {
      throw ApiError.badRequest(`timezone must be an IANA zone such as Australia/Melbourne (see GET /timezones), got "${input.timezone}".`);
    }
    if (input.password !== undefined && input.password.length < 8) {
      throw ApiError.badRequest('password must be at least 8 characters.');
    }
  }

  /** Creates an account, its primary credentials (api_username = username) and its starting credit. */
  async createAccount(input: NewAccountInput, opts: { active: boolean; creditMicros?: number }) {
    this.checkProfile(input);
    const country = input.country.toUpperCase();
    const currency = currencyForCountry(country);
    const apiKey = newApiKey();
    const passwordHash = await hashPassword(input.password);
    const now = this.now();
    const credit = opts.creditMicros ?? this.config.signupCreditMicros;

    const created = await this.db.transaction().execute(async (trx) => {
      if (await this.repo.usernameTaken(input.username, trx)) {
        throw new ApiError('ALREADY_EXISTS', `username "${input.username}" is already taken.`);
      }
      const account = await this.repo.insertAccount(
        {
          username: input.username,
          password_hash: passwordHash,
          account_name: input.account_name,
          country,
          currency,
          timezone: DEFAULT_TIMEZONE_BY_COUNTRY[country] ?? 'UTC',
          user_email: input.user_email,
          user_phone: input.user_phone,
          user_first_name: input.user_first_name,
          user_last_name: input.user_last_name,
          active: opts.active ? 1 : 0,
          banned: 0,
          balance_micros: 0,
          auto_recharge: 0,
          auto_recharge_amount_micros: 20_000_000,
          low_credit_amount_micros: 0,
          default_country_sms: country,
          setting_email_sms_subject: 0,
          setting_fix_sender_id: 0,
          setting_sms_hide_business_name: 0,
          setting_sms_hide_your_number: 0,
          setting_sms_message_char_limit: 6,
          setting_unicode_sms: 0,
          private_uploads: 0,
          fax_quality: 0,
          account_billing_email: input.user_email,
          account_billing_mobile: input.user_phone,
          reply_to: 'originalemail',
          delivery_to: null,
          created_at: now,
          updated_at: now,
        },
        trx,
      );
      const sub = await this.repo.insertSubaccount(
        {
          account_id: account.id,
          is_primary: 1,
          api_username: input.username,
          api_key_hash: hashApiKey(apiKey),
          api_key_mask: maskApiKey(apiKey),
          password_hash: passwordHash,
          email: input.user_email,
          phone_number: input.user_phone,
          first_name: input.user_first_name,
          last_name: input.user_last_name,
          notes: null,
          access_users: 1,
          access_billing: 1,
          access_reporting: 1,
          access_contacts: 1,
          access_settings: 1,
          access_sms: 1,
          access_email: 1,
          access_voice: 1,
          access_fax: 1,
          access_post: 1,
          access_reseller: 1,
          access_mms: 1,
          share_campaigns: 0,
          created_at: now,
          updated_at: now,
        },
        trx,
      );
      if (credit > 0) {
        await this.ledger.credit({ accountId: account.id, subaccountId: sub.id, amountMicros: credit, description: 'Starting credit' }, 'credit', trx);
      }
      const fresh = await this.repo.findAccount(account.id, trx);
      return { account: fresh!, sub };
    });
    return { ...created, apiKey };
  }

  /** The subaccount row the request authenticated with: auth already read it, so reuse it. */
  private async callerSubaccount(auth: AuthContext): Promise<SubaccountRow | undefined> {
    const rec = auth.record as SubaccountRow | undefined;
    return rec && rec.id === auth.subaccountId ? rec : this.repo.findSubaccount(auth.subaccountId);
  }

  async getAccount(auth: AuthContext) {
    const [account, sub] = await Promise.all([this.repo.findAccount(auth.accountId), this.callerSubaccount(auth)]);
    if (!account) throw ApiError.notFound('Account not found.');
    return presentAccount(account, sub ?? null, auth.presentedApiKey);
  }

  async updateAccount(auth: AuthContext, input: AccountUpdateInput) {
    this.checkProfile(input);
    if (input.default_country_sms !== undefined && !isCountryCode(input.default_country_sms)) {
      throw ApiError.badRequest(`default_country_sms must be an ISO 3166-1 alpha-2 code, got "${input.default_country_sms}".`);
    }
    const { password, low_credit_amount, country, default_country_sms } = input;
    // Copy only the columns a caller may set: bodies may carry extra fields, which ClickSend ignores.
    const values: AccountUpdate = { ...pick(input, UPDATABLE_ACCOUNT_FIELDS), updated_at: this.now() };
    if (country !== undefined) values.country = country.toUpperCase();
    if (default_country_sms !== undefined) values.default_country_sms = default_country_sms.toUpperCase();
    if (low_credit_amount !== undefined) values.low_credit_amount_micros = Math.round(low_credit_amount * 100) * 10_000;
    const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
    if (passwordHash) values.password_hash = passwordHash;

    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.findAccount(auth.accountId, trx);
      if (!current) throw ApiError.notFound('Account not found.');
      if (input.username !== undefined && input.username !== current.username) {
        if (await this.repo.usernameTaken(input.username, trx)) {
          throw new ApiError('ALREADY_EXISTS', `username "${input.username}" is already taken.`);
        }
      }
      await this.repo.updateAccount(auth.accountId, values, trx);
      // The primary credentials follow the account's username and password, as in ClickSend.
      const primary = await this.repo.findPrimarySubaccount(auth.accountId, trx);
      if (primary) {
        await trx
          .updateTable('subaccounts')
          .set({
            ...(input.username !== undefined ? { api_username: input.username } : {}),
            ...(passwordHash ? { password_hash: passwordHash } : {}),
            ...(input.user_email !== undefined ? { email: input.user_email } : {}),
            ...(input.user_phone !== undefined ? { phone_number: input.user_phone } : {}),
            ...(input.user_first_name !== undefined ? { first_name: input.user_first_name } : {}),
            ...(input.user_last_name !== undefined ? { last_name: input.user_last_name } : {}),
            updated_at: this.now(),
          })
          .where('id', '=', primary.id)
          .execute();
      }
    });
    const [account, sub] = await Promise.all([this.repo.findAccount(auth.accountId), this.repo.findSubaccount(auth.subaccountId)]);
    return presentAccount(account!, sub ?? null, auth.presentedApiKey);
  }

  /**
   * Issues an activation token. ClickSend's documented response carries the token itself
   * (`activation_token`), which we copy; the token also goes out by email so a real flow works.
   */
  async sendVerification(auth: AuthContext, input: { country: string; user_phone: string; type: string }) {
    if (!isCountryCode(input.country)) throw ApiError.badRequest(`country must be an ISO 3166-1 alpha-2 code, got "${input.country}".`);
    const type = input.type.toLowerCase();
    if (!['sms', 'email', 'voice'].includes(type)) throw ApiError.badRequest(`type must be sms, email or voice, got "${input.type}".`);
    const account = await this.repo.findAccount(auth.accountId);
    if (!account) throw ApiError.notFound('Account not found.');
    const token = newNumericCode(6);
    const now = this.now();
    await this.repo.insertToken({
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      purpose: 'verify',
      token_hash: hashToken(token),
      expires_at: now + TOKEN_TTL_S,
      created_at: now,
    });
    await this.notifier.email({
      accountId: auth.accountId,
      to: account.user_email,
      subject: 'Your Sendbox activation code',
      text: `Your activation code is ${token}.\n\nVerify with PUT /v3/account-verify/verify/${token}. It expires in one hour.\n`,
    });
    return { activation_token: token, country: input.country.toUpperCase(), type, user_phone: input.user_phone };
  }

  async verify(auth: AuthContext, token: string) {
    const consumed = await this.repo.consumeToken(auth.subaccountId, 'verify', hashToken(token), this.now());
    if (!consumed) throw ApiError.badRequest('activation_token is invalid, used or expired; request a new one with PUT /account-verify/send.');
    await this.repo.updateAccount(auth.accountId, { active: 1, updated_at: this.now() });
    return this.getAccount(auth);
  }

  /**
   * Starts a password reset. The answer is the same whether or not the username exists, so the
   * endpoint cannot be used to find usernames.
   */
  async forgotPassword(username: string) {
    const sub = await this.repo.findSubaccountByUsername(username);
    if (!sub) return;
    const token = newNumericCode(8);
    const now = this.now();
    await this.repo.insertToken({
      account_id: sub.account_id,
      subaccount_id: sub.id,
      purpose: 'reset_password',
      token_hash: hashToken(token),
      expires_at: now + TOKEN_TTL_S,
      created_at: now,
    });
    await this.notifier.email({
      accountId: sub.account_id,
      to: sub.email,
      subject: 'Reset your Sendbox password',
      text:
        `Someone asked to reset the password of ${sub.api_username}.\n\n` +
        `subaccount_id: ${sub.id}\nactivation_token: ${token}\n\n` +
        `Send both with the new password to PUT /v3/forgot-password/verify. The token expires in one hour.\n`,
    });
  }

  async verifyForgotPassword(input: { subaccount_id: number; activation_token: string; password: string }) {
    this.checkProfile({ password: input.password });
    const sub = await this.repo.findSubaccount(input.subaccount_id);
    const invalid = ApiError.badRequest('activation_token is invalid, used or expired for this subaccount_id.');
    if (!sub) throw invalid;
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.consumeToken(sub.id, 'reset_password', hashToken(input.activation_token), this.now(), trx))) throw invalid;
      await trx.updateTable('subaccounts').set({ password_hash: passwordHash, updated_at: this.now() }).where('id', '=', sub.id).execute();
      if (sub.is_primary === 1) await this.repo.updateAccount(sub.account_id, { password_hash: passwordHash }, trx);
    });
  }

  /** Emails the usernames registered to an email address or phone number; silent when none match. */
  async forgotUsername(input: { email?: string | undefined; phone_number?: string | undefined }) {
    if (!input.email && !input.phone_number) throw ApiError.badRequest('Send email or phone_number.');
    const subs = await this.repo.findSubaccountsByContact(input.email, input.phone_number);
    const byEmail = new Map<string, string[]>();
    for (const s of subs) byEmail.set(s.email, [...(byEmail.get(s.email) ?? []), s.api_username]);
    for (const [to, names] of byEmail) {
      await this.notifier.email({
        accountId: subs.find((s) => s.email === to)!.account_id,
        to,
        subject: 'Your Sendbox username',
        text: `The usernames registered to this address: ${names.join(', ')}.\n`,
      });
    }
  }
}
