import type { Config } from '../../config/index.js';
import { digestsEqual, FailureLimiter, hashPassword, hashToken, newSecretToken, type AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError, tooManyFromAddress, badCountryCode, accountNotFound, passwordTooShort } from '../../core/errors/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { newNumericCode } from '../../core/util/ids.js';
import { isCountryCode } from '../../core/validation/index.js';
import type { AccountsRepository } from './accounts.repository.js';
import { AccountTokensRepository, type TokenPurpose } from './accounts.tokens.js';
import type { Notifier } from './notifier.js';

const TOKEN_TTL_S = 60 * 60;

/** Where work done after the answer reports a failure (the request's logger). */
export interface BackgroundLog {
  error(obj: object, msg: string): void;
}

/**
 * Activation, password reset and username recovery: the flows that mint one-time tokens or send email
 * on request. Each user holds one live token per purpose (a new one voids the old, a use voids it);
 * guesses are counted per live token in the database (see check) and per client address here; minting and recovery
 * emails are limited per user, so neither guessing nor an anonymous caller filling the outbox works.
 */
export class AccountRecovery {
  readonly tokens: AccountTokensRepository;
  /** Every call to a recovery or verify endpoint, per client address (in memory, per process). */
  private readonly byAddress: FailureLimiter;
  /** forgot-username emails per recipient address (it mints no token, so the database keeps no trace). */
  private readonly byRecipient: FailureLimiter;
  private readonly limits: Config['accountTokens'];
  /** Work started after an answer (forgot-password, forgot-username), until it settles. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    config: Config,
    private readonly repo: AccountsRepository,
    private readonly notifier: Notifier,
  ) {
    this.tokens = new AccountTokensRepository(db);
    this.limits = config.accountTokens;
    const now = () => clock.nowMs();
    this.byAddress = new FailureLimiter(this.limits.perAddressMax, this.limits.windowS * 1000, now);
    this.byRecipient = new FailureLimiter(this.limits.mintMax, this.limits.windowS * 1000, now);
  }

  private now() {
    return unixSeconds(this.clock);
  }

  /** Counts this call against the client's address; 429 once the address has used its window. */
  private gate(client: string) {
    const wait = this.byAddress.reserve(client);
    if (wait > 0) throw tooManyFromAddress('account recovery requests', wait);
  }

  private mint(sub: { account_id: number; id: number }, purpose: TokenPurpose, token: string) {
    const now = this.now();
    return this.tokens.mint(
      { account_id: sub.account_id, subaccount_id: sub.id, purpose, token_hash: hashToken(token), expires_at: now + TOKEN_TTL_S, created_at: now },
      { max: this.limits.mintMax, since: now - this.limits.windowS },
    );
  }

  /**
   * Counts a guess against the live token, then compares it: the token's id when it matches.
   * - 'lock' (6-digit activation codes, which can be guessed): once the live code has had its guesses, even
   *   the right code gets 429 and a new one must be requested. Only the account itself can call verify, so
   *   nobody else can lock it out.
   * - 'throttle' (128-bit reset tokens, which cannot be guessed): wrong guesses past the limit get 429, but
   *   the right token always works. Locking it would let an anonymous caller, who needs only the
   *   subaccount_id, keep a chosen user from ever resetting a password.
   */
  private async check(subaccountId: number, purpose: TokenPurpose, token: string, invalid: ApiError, again: string, mode: 'lock' | 'throttle'): Promise<number> {
    const max = this.limits.attemptsMax;
    const live = await this.tokens.reserveAttempt(subaccountId, purpose, this.now(), mode === 'lock' ? max : undefined);
    const tooMany = new ApiError('TOO_MANY_REQUESTS', `Too many wrong activation_token attempts; request a new token with ${again}.`);
    if (live === 'locked') throw tooMany;
    if (live && digestsEqual(hashToken(token), live.token_hash)) return live.id;
    if (live && mode === 'throttle' && live.attempts > max) throw tooMany;
    throw invalid;
  }

  /**
   * Issues an activation token. ClickSend's documented response carries the token itself
   * (`activation_token`, a number), which we copy; the token also goes out by email so a real flow works.
   */
  async sendVerification(auth: AuthContext, input: { country: string; user_phone: string; type: string }, client: string) {
    if (!isCountryCode(input.country)) throw badCountryCode('country', input.country);
    const type = input.type.toLowerCase();
    if (!['sms', 'email', 'voice'].includes(type)) throw ApiError.badRequest(`type must be sms, email or voice, got "${input.type}".`);
    this.gate(client);
    const account = await this.repo.findAccount(auth.accountId);
    if (!account) throw accountNotFound();
    const token = newNumericCode(6);
    if (!(await this.mint({ account_id: auth.accountId, id: auth.subaccountId }, 'verify', token))) {
      throw new ApiError('TOO_MANY_REQUESTS', `At most ${this.limits.mintMax} activation tokens are sent per ${this.limits.windowS / 60} minutes; use the last one or try later.`);
    }
    await this.notifier.email({
      accountId: auth.accountId,
      to: account.user_email,
      subject: 'Your Sendbox activation code',
      text: `Your activation code is ${token}.\n\nVerify with PUT /v3/account-verify/verify/${token}. It expires in one hour.\n`,
    });
    return { activation_token: token, country: input.country.toUpperCase(), type, user_phone: input.user_phone };
  }

  async verify(auth: AuthContext, token: string, client: string) {
    this.gate(client);
    const invalid = ApiError.badRequest('activation_token is invalid, used or expired; request a new one with PUT /account-verify/send.');
    const id = await this.check(auth.subaccountId, 'verify', token, invalid, 'PUT /account-verify/send', 'lock');
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.tokens.consume(id, this.now(), trx))) throw invalid;
      await this.repo.updateAccount(auth.accountId, { active: 1, updated_at: this.now() }, trx);
    });
  }

  /**
   * Starts a password reset. The answer is the same whether or not the username exists, and whether or
   * not this user's minting limit is reached, so the endpoint cannot be used to find usernames. The
   * lookup, token and email happen after the answer has gone: awaiting them made a known username
   * measurably slower to answer than an unknown one.
   */
  async forgotPassword(username: string, client: string, log: BackgroundLog) {
    this.gate(client);
    this.afterAnswer(log, 'password reset', () => this.startReset(username));
  }

  private async startReset(username: string) {
    const sub = await this.repo.findSubaccountByUsername(username);
    if (!sub) return;
    // Sent by email, so it can be long: 128 random bits make guessing hopeless whatever the limits.
    const token = newSecretToken();
    if (!(await this.mint(sub, 'reset_password', token))) return;
    await this.notifier.email({
      accountId: sub.account_id,
      to: sub.email,
      subject: 'Reset your Sendbox password',
      text:
        `Someone asked to reset the password of ${sub.api_username}.\n\n` +
        `subaccount_id: ${sub.id}\nactivation_token: ${token}\n\n` +
        `Send both with the new password to PUT /v3/forgot-password/verify. The token expires in one hour; ` +
        `asking again replaces it.\n`,
    });
  }

  /** Runs `work` after the caller has answered; a failure is logged (the caller's answer never depended on it). */
  private afterAnswer(log: BackgroundLog, what: string, work: () => Promise<void>) {
    const run: Promise<void> = work()
      .catch((err: unknown) => log.error({ err }, `${what} failed after the answer was sent`))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** Resolves once the work started after answers has finished (the app's close waits for it; so do tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async verifyForgotPassword(input: { subaccount_id: number; activation_token: string; password: string }, client: string) {
    // A refused password costs no guess.
    if (input.password.length < 8) throw passwordTooShort();
    this.gate(client);
    const invalid = ApiError.badRequest('activation_token is invalid, used or expired for this subaccount_id.');
    const sub = await this.repo.findSubaccount(input.subaccount_id);
    if (!sub) throw invalid;
    const id = await this.check(sub.id, 'reset_password', input.activation_token, invalid, 'PUT /forgot-password', 'throttle');
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.tokens.consume(id, this.now(), trx))) throw invalid;
      await this.repo.changeSubaccount(sub.id, { password_hash: passwordHash, updated_at: this.now() }, trx);
      if (sub.is_primary === 1) await this.repo.updateAccount(sub.account_id, { password_hash: passwordHash }, trx);
    });
  }

  /**
   * Emails the usernames registered to an email address or phone number; silent when none match or the
   * recipient had enough. Like forgotPassword, the lookup and email happen after the answer.
   */
  async forgotUsername(input: { email?: string | undefined; phone_number?: string | undefined }, client: string, log: BackgroundLog) {
    if (!input.email && !input.phone_number) throw ApiError.badRequest('Send email or phone_number.');
    this.gate(client);
    this.afterAnswer(log, 'username reminder', () => this.remindUsernames(input));
  }

  private async remindUsernames(input: { email?: string | undefined; phone_number?: string | undefined }) {
    const subs = await this.repo.findSubaccountsByContact(input.email, input.phone_number);
    const byEmail = new Map<string, string[]>();
    for (const s of subs) byEmail.set(s.email, [...(byEmail.get(s.email) ?? []), s.api_username]);
    for (const [to, names] of byEmail) {
      if (this.byRecipient.reserve(to.toLowerCase()) > 0) continue;
      await this.notifier.email({
        accountId: subs.find((s) => s.email === to)!.account_id,
        to,
        subject: 'Your Sendbox username',
        text: `The usernames registered to this address: ${names.join(', ')}.\n`,
      });
    }
  }
}
