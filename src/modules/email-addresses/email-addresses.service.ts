import type { Config } from '../../config/index.js';
import { digestsEqual, FailureLimiter, hashToken, newSecretToken, type AuthContext } from '../../core/auth/index.js';
import { isUniqueViolation, type Db } from '../../core/db/index.js';
import { ApiError, badEmail, notFoundById, tooManyFromAddress } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { isEmail } from '../../core/validation/index.js';
import { NotificationsService } from '../notifications/index.js';
import { EmailAddressesRepository } from './email-addresses.repository.js';
import type { EmailAddressRow } from './email-addresses.tables.js';

/** A mailed token may wait in an inbox for a while; a day, then a new one must be asked for. */
const TOKEN_TTL_S = 24 * 60 * 60;
const NOUN = 'Email address';

// ClickSend's records carry date_added as a string of unix seconds and verified as 0/1.
export function presentAddress(row: EmailAddressRow) {
  return { date_added: String(row.date_added), email_address: row.email_address, email_address_id: Number(row.id), verified: Number(row.verified) };
}

/**
 * Allowed sender addresses and their verification. The token is 128 random bits mailed to the address (only its
 * SHA-256 is stored), compared in constant time, used once, expiring, and each live token takes at most
 * TOKEN_ATTEMPTS_MAX guesses; tokens per address per TOKEN_WINDOW are capped at TOKEN_MINT_MAX, and send/verify calls
 * per client address at RECOVERY_ADDRESS_MAX — the same limits and primitives as the account activation and reset
 * tokens. The per-address cap keeps the mail from being a way to flood mailboxes that an account merely names.
 */
export class EmailAddressesService {
  private readonly repo: EmailAddressesRepository;
  private readonly limits: Config['accountTokens'];
  /** Calls to send and verify per client address (in memory, per process), like the account verify endpoints. */
  private readonly byClient: FailureLimiter;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'accountTokens' | 'publicUrl'>,
  ) {
    this.repo = new EmailAddressesRepository(db);
    this.limits = config.accountTokens;
    this.byClient = new FailureLimiter(this.limits.perAddressMax, this.limits.windowS * 1000, () => clock.nowMs());
  }

  /** Counts this call against the client's address; 429 once the address has used its window. */
  private gate(client: string) {
    const wait = this.byClient.reserve(client);
    if (wait > 0) throw tooManyFromAddress('email address verification requests', wait);
  }

  private now() {
    return unixSeconds(this.clock);
  }

  /** EmailSenderPort.find (index.ts): the module factory's return type checks the shape. */
  async find(accountId: number, emailAddressId: number): Promise<{ emailAddressId: number; emailAddress: string; verified: boolean } | null> {
    const row = await this.repo.find(accountId, emailAddressId);
    return row ? { emailAddressId: Number(row.id), emailAddress: row.email_address, verified: row.verified === 1 } : null;
  }

  async list(auth: AuthContext, page: PageRequest) {
    const { rows, total } = await this.repo.page(auth.accountId, page.limit, page.offset);
    return { items: rows.map(presentAddress), total };
  }

  async get(auth: AuthContext, id: number) {
    const row = await this.repo.find(auth.accountId, id);
    if (!row) throw notFoundById(NOUN, id);
    return presentAddress(row);
  }

  async create(auth: AuthContext, input: { email_address: string }) {
    const address = input.email_address.trim();
    if (!isEmail(address)) throw badEmail('email_address', input.email_address);
    try {
      const row = await this.repo.insert({
        account_id: auth.accountId,
        subaccount_id: auth.subaccountId,
        email_address: address,
        email_key: address.toLowerCase(),
        verified: 0,
        date_added: this.now(),
        token_hash: null,
        token_expires_at: null,
        token_attempts: 0,
        mint_window_start: 0,
        mint_count: 0,
      });
      return presentAddress(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError('ALREADY_EXISTS', `email_address "${address}" is already an allowed address of this account.`);
      throw err;
    }
  }

  async remove(auth: AuthContext, id: number) {
    if (!(await this.repo.delete(auth.accountId, id))) throw notFoundById(NOUN, id);
  }

  /**
   * Mints a new token and queues the mail that carries it in one transaction: a crash leaves either both or
   * neither, and the system_emails queue delivers a queued mail exactly once.
   */
  async sendToken(auth: AuthContext, id: number, client: string) {
    this.gate(client);
    const row = await this.repo.find(auth.accountId, id);
    if (!row) throw notFoundById(NOUN, id);
    if (row.verified === 1) throw ApiError.badRequest(`email_address_id ${id} is already verified.`);
    const token = newSecretToken();
    const now = this.now();
    const minted = await this.db.transaction().execute(async (trx) => {
      const ok = await this.repo.mint(auth.accountId, id, { tokenHash: hashToken(token), expiresAt: now + TOKEN_TTL_S, now, since: now - this.limits.windowS, max: this.limits.mintMax }, trx);
      if (!ok) return false;
      // The notifications service over this transaction: the mail row commits with the token or not at all.
      await new NotificationsService(trx, this.clock).queueEmail({
        accountId: auth.accountId,
        to: row.email_address,
        subject: 'Verify your sender address',
        text: this.mailText(row, token),
      });
      return true;
    });
    if (!minted) {
      throw new ApiError('TOO_MANY_REQUESTS', `At most ${this.limits.mintMax} verification tokens are sent per address per ${this.limits.windowS / 60} minutes; use the last one or try later.`);
    }
  }

  private mailText(row: EmailAddressRow, token: string) {
    return (
      `Someone asked to use ${row.email_address} as a sender address on Sendbox.\n\n` +
      `email_address_id: ${row.id}\nactivation_token: ${token}\n\n` +
      `To verify it, make this request with the account's credentials:\n\n` +
      `PUT ${this.config.publicUrl}/v3/email/address-verify/${row.id}/verify/${token}\n\n` +
      `The token expires in ${TOKEN_TTL_S / 3600} hours and works once; asking again replaces it. ` +
      `If you did not ask for this, ignore this mail.\n`
    );
  }

  async verify(auth: AuthContext, id: number, token: string, client: string) {
    this.gate(client);
    const hash = await this.repo.reserveAttempt(auth.accountId, id, this.now(), this.limits.attemptsMax);
    if (hash === undefined) await this.whyNoAttempt(auth, id);
    const invalid = ApiError.badRequest(`activation_token is invalid, used or expired; request a new one with PUT /email/address-verify/${id}/send.`);
    if (!hash || !digestsEqual(hashToken(token), hash)) throw invalid;
    const row = await this.repo.consume(auth.accountId, id, hash);
    if (!row) throw invalid;
    // A right token costs the client nothing: only wrong ones and sends use its window.
    this.byClient.release(client);
    return presentAddress(row);
  }

  /** No guess was counted: not the account's address (404), guesses used up (429), or no live token (400). */
  private async whyNoAttempt(auth: AuthContext, id: number): Promise<void> {
    const row = await this.repo.find(auth.accountId, id);
    if (!row) throw notFoundById(NOUN, id);
    const live = row.token_hash !== null && Number(row.token_expires_at) > this.now();
    if (live && Number(row.token_attempts) >= this.limits.attemptsMax) {
      throw new ApiError('TOO_MANY_REQUESTS', `Too many wrong activation_token attempts; request a new token with PUT /email/address-verify/${id}/send.`);
    }
  }
}
