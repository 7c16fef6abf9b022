import type { Config } from '../../config/index.js';
import { FailureLimiter, hashApiKey, hashPassword, maskApiKey, type AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError, tooManyFromAddress, badUsername, badCountryCode, badEmail, passwordTooShort, alreadyTaken, accountNotFound } from '../../core/errors/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { newApiKey } from '../../core/util/ids.js';
import { isCountryCode, isEmail, isTimezone } from '../../core/validation/index.js';
import { pick } from '../../core/util/pick.js';
import type { LedgerService } from '../ledger/index.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountRecovery } from './accounts.recovery.js';
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

/** Rules for accounts: sign-up and profile (activation and recovery: accounts.recovery.ts). */
export class AccountsService {
  readonly repo: AccountsRepository;
  /** Activation, password reset, username recovery. */
  readonly recovery: AccountRecovery;
  /** Anonymous sign-ups per client address: each costs a scrypt and, by default, starting credit. */
  private readonly signups: FailureLimiter;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly ledger: LedgerService,
    private readonly notifier: Notifier,
  ) {
    this.repo = new AccountsRepository(db);
    this.recovery = new AccountRecovery(db, clock, config, this.repo, notifier);
    this.signups = new FailureLimiter(config.accountTokens.signupPerAddressMax, config.accountTokens.windowS * 1000, () => clock.nowMs());
  }

  /**
   * POST /account: an anonymous sign-up, inactive until verified (ClickSend's example shows active: 0).
   * Checked first, then counted against the caller's address, so typos cost nothing but a flood is refused
   * before any password is hashed.
   */
  async signUp(input: NewAccountInput, client: string) {
    this.checkProfile(input);
    const wait = this.signups.reserve(client);
    if (wait > 0) throw tooManyFromAddress('sign-ups', wait);
    return this.createAccount(input, { active: false });
  }

  private now() {
    return unixSeconds(this.clock);
  }

  private checkProfile(input: Partial<NewAccountInput & { timezone: string }>) {
    if (input.username !== undefined && !USERNAME_PATTERN.test(input.username)) {
      throw badUsername('username');
    }
    if (input.country !== undefined && !isCountryCode(input.country)) {
      throw badCountryCode('country', input.country, 'AU or US');
    }
    if (input.user_email !== undefined && !isEmail(input.user_email)) {
      throw badEmail('user_email', input.user_email);
    }
    if (input.timezone !== undefined && !isTimezone(input.timezone)) {
      throw ApiError.badRequest(`timezone must be an IANA zone such as Australia/Melbourne (see GET /timezones), got "${input.timezone}".`);
    }
    if (input.password !== undefined && input.password.length < 8) {
      throw passwordTooShort();
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
        throw alreadyTaken('username', input.username);
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
    if (!account) throw accountNotFound();
    return presentAccount(account, sub ?? null, auth.presentedApiKey);
  }

  async updateAccount(auth: AuthContext, input: AccountUpdateInput) {
    this.checkProfile(input);
    if (input.default_country_sms !== undefined && !isCountryCode(input.default_country_sms)) {
      throw badCountryCode('default_country_sms', input.default_country_sms);
    }
    const { password, low_credit_amount, country, default_country_sms } = input;
    // Copy only the columns a caller may set: bodies may carry extra fields, which ClickSend ignores.
    const values: AccountUpdate = { ...pick(input, UPDATABLE_ACCOUNT_FIELDS), updated_at: this.now() };
    if (country !== undefined) values.country = country.toUpperCase();
    if (default_country_sms !== undefined) values.default_country_sms = default_country_sms.toUpperCase();
    if (low_credit_amount !== undefined) values.low_credit_amount_micros = Math.round(low_credit_amount * 100) * 10_000;
    // The owner's sign-in (username, password) and its recovery address (user_email, where password resets
    // go) belong to the owner alone: a subaccount with access_settings setting them would take the account over.
    if (!auth.isPrimary) await this.refuseOwnerCredentials(auth, input);
    const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
    if (passwordHash) values.password_hash = passwordHash;

    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.findAccount(auth.accountId, trx);
      if (!current) throw accountNotFound();
      if (input.username !== undefined && input.username !== current.username) {
        if (await this.repo.usernameTaken(input.username, trx)) {
          throw alreadyTaken('username', input.username);
        }
      }
      await this.repo.updateAccount(auth.accountId, values, trx);
      // The primary credentials follow the account's username and password, as in ClickSend.
      const primary = await this.repo.findPrimarySubaccount(auth.accountId, trx);
      if (primary) {
        await this.repo.changeSubaccount(
          primary.id,
          {
            ...(input.username !== undefined ? { api_username: input.username } : {}),
            ...(passwordHash ? { password_hash: passwordHash } : {}),
            ...(input.user_email !== undefined ? { email: input.user_email } : {}),
            ...(input.user_phone !== undefined ? { phone_number: input.user_phone } : {}),
            ...(input.user_first_name !== undefined ? { first_name: input.user_first_name } : {}),
            ...(input.user_last_name !== undefined ? { last_name: input.user_last_name } : {}),
            updated_at: this.now(),
          },
          trx,
        );
      }
    });
    const [account, sub] = await Promise.all([this.repo.findAccount(auth.accountId), this.repo.findSubaccount(auth.subaccountId)]);
    return presentAccount(account!, sub ?? null, auth.presentedApiKey);
  }

  private async refuseOwnerCredentials(auth: AuthContext, input: AccountUpdateInput) {
    const current = await this.repo.findAccount(auth.accountId);
    // A client that echoes the account back unchanged is not changing the owner's credentials.
    const changed = [
      input.password !== undefined ? 'password' : undefined,
      input.username !== undefined && input.username !== current?.username ? 'username' : undefined,
      input.user_email !== undefined && input.user_email !== current?.user_email ? 'user_email' : undefined,
    ].filter(Boolean);
    if (changed.length > 0) {
      throw ApiError.forbidden(`Only the account owner can change ${changed.join(', ')} through PUT /account; a subaccount changes its own credentials with PUT /subaccounts/${auth.subaccountId}.`);
    }
  }
}
