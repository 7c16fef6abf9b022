import { ACCESS_FLAGS, hashApiKey, hashPassword, maskApiKey, type AccessFlag, type AuthContext } from '../../core/auth/index.js';
import { isUniqueViolation } from '../../core/db/index.js';
import { ApiError, badUsername, badEmail, passwordTooShort, notFoundById, alreadyTaken } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { compileSearch, type SearchParams } from '../../core/search/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { newApiKey } from '../../core/util/ids.js';
import { isEmail } from '../../core/validation/index.js';
import { pick } from '../../core/util/pick.js';
import { presentSubaccount, USERNAME_PATTERN, type AccountsRepository, type SubaccountRow } from '../accounts/index.js';
import { SUBACCOUNTS_SEARCH } from './subaccounts.search.js';
import type { NewSubaccountBody, UpdateSubaccountBody } from './subaccounts.schemas.js';

type AccessInput = Partial<Record<`access_${AccessFlag}`, number>>;

const PROFILE_FIELDS = ['api_username', 'email', 'phone_number', 'first_name', 'last_name', 'notes', 'share_campaigns'] as const;
const ACCESS_FIELDS = ACCESS_FLAGS.map((f) => `access_${f}` as const);

/**
 * Defaults for flags a create call leaves out: sending (sms, email, voice, fax, post, mms) and reporting on, administration (users,
 * billing, settings, reseller) off, so a new key can send but not manage the account.
 */
const DEFAULT_ACCESS: Record<AccessFlag, 0 | 1> = {
  users: 0,
  billing: 0,
  reporting: 1,
  contacts: 1,
  settings: 0,
  sms: 1,
  email: 1,
  voice: 1,
  fax: 1,
  post: 1,
  reseller: 0,
  mms: 1,
};

/** The /subaccounts rules. The rows live in the accounts module's subaccounts table, reached through its repository. */
export class SubaccountsService {
  constructor(
    private readonly clock: Clock,
    private readonly accounts: AccountsRepository,
  ) {}

  private keyInHand(auth: AuthContext, row: SubaccountRow) {
    return row.id === auth.subaccountId ? auth.presentedApiKey : undefined;
  }

  /** A subaccount may not hand out a permission it does not hold itself (no privilege escalation). */
  private checkGrants(auth: AuthContext, input: AccessInput) {
    if (auth.isPrimary) return;
    for (const flag of ACCESS_FLAGS) {
      if (input[`access_${flag}`] === 1 && !auth.access[flag]) {
        throw ApiError.forbidden(`access_${flag} cannot be granted by a subaccount that does not have it.`);
      }
    }
  }

  private checkFields(input: { api_username?: string | undefined; email?: string | undefined; password?: string | undefined }) {
    if (input.api_username !== undefined && !USERNAME_PATTERN.test(input.api_username)) {
      throw badUsername('api_username');
    }
    if (input.email !== undefined && !isEmail(input.email)) throw badEmail('email', input.email);
    if (input.password !== undefined && input.password.length < 8) throw passwordTooShort();
  }

  /** A page of the account's subaccounts; q= / order_by= / operator= as ClickSend's lists take them. */
  async list(auth: AuthContext, page: PageRequest, query: SearchParams = {}) {
    const { rows, total } = await this.accounts.pageSubaccounts(auth.accountId, compileSearch(SUBACCOUNTS_SEARCH, query), page.limit, page.offset);
    return { items: rows.map((r) => presentSubaccount(r, this.keyInHand(auth, r))), total };
  }

  async get(auth: AuthContext, id: number) {
    const row = await this.accounts.findAccountSubaccount(auth.accountId, id);
    if (!row) throw notFoundById('Subaccount', id);
    return presentSubaccount(row, this.keyInHand(auth, row));
  }

  async create(auth: AuthContext, input: NewSubaccountBody) {
    this.checkFields(input);
    this.checkGrants(auth, input);
    if (await this.accounts.usernameTaken(input.api_username)) {
      throw alreadyTaken('api_username', input.api_username);
    }
    const apiKey = newApiKey();
    const now = unixSeconds(this.clock);
    const access = Object.fromEntries(ACCESS_FLAGS.map((f) => [`access_${f}`, input[`access_${f}`] ?? DEFAULT_ACCESS[f]])) as Record<`access_${AccessFlag}`, number>;
    try {
      const row = await this.accounts.insertSubaccount({
        account_id: auth.accountId,
        is_primary: 0,
        api_username: input.api_username,
        api_key_hash: hashApiKey(apiKey),
        api_key_mask: maskApiKey(apiKey),
        password_hash: await hashPassword(input.password),
        email: input.email,
        phone_number: input.phone_number,
        first_name: input.first_name,
        last_name: input.last_name,
        notes: input.notes ?? null,
        ...access,
        share_campaigns: input.share_campaigns ?? 0,
        created_at: now,
        updated_at: now,
      });
      return presentSubaccount(row, apiKey);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyTaken('api_username', input.api_username);
      throw err;
    }
  }

  /**
   * A subaccount the caller may change (its credentials, contact details, permissions) or delete: the
   * owner's only by the owner, any other only by a caller holding every permission it holds. Otherwise a
   * caller with access_users could set the password or take the new key of a subaccount with more
   * permissions, and act with them.
   */
  private async editable(auth: AuthContext, id: number): Promise<SubaccountRow> {
    const row = await this.accounts.findAccountSubaccount(auth.accountId, id);
    if (!row) throw notFoundById('Subaccount', id);
    if (row.is_primary === 1 && !auth.isPrimary) throw ApiError.forbidden("Only the account owner can change the owner's credentials.");
    this.checkCovers(auth, row);
    return row;
  }

  private checkCovers(auth: AuthContext, row: SubaccountRow) {
    if (auth.isPrimary || row.id === auth.subaccountId) return;
    const lacking = ACCESS_FLAGS.filter((f) => row[`access_${f}`] === 1 && !auth.access[f]);
    if (lacking.length > 0) {
      throw ApiError.forbidden(
        `Subaccount #${row.id} holds ${lacking.map((f) => `access_${f}`).join(', ')}, which this subaccount does not; only a caller holding all of its permissions can change it.`,
      );
    }
  }

  async update(auth: AuthContext, id: number, input: UpdateSubaccountBody) {
    this.checkFields(input);
    this.checkGrants(auth, input);
    const row = await this.editable(auth, id);
    if (input.api_username !== undefined && input.api_username !== row.api_username && (await this.accounts.usernameTaken(input.api_username))) {
      throw alreadyTaken('api_username', input.api_username);
    }
    const { password } = input;
    // Only known columns are copied (extra body fields are ignored, as ClickSend does). The owner's
    // permissions are implicit and always full, so access flags sent for it are ignored too.
    const changes = pick(input, row.is_primary === 1 ? PROFILE_FIELDS : [...PROFILE_FIELDS, ...ACCESS_FIELDS]);
    try {
      const updated = await this.accounts.updateSubaccount(auth.accountId, id, {
        ...changes,
        ...(password !== undefined ? { password_hash: await hashPassword(password) } : {}),
        updated_at: unixSeconds(this.clock),
      });
      if (!updated) throw notFoundById('Subaccount', id);
      if (row.is_primary === 1 && input.api_username !== undefined) {
        await this.accounts.updateAccount(auth.accountId, { username: input.api_username });
      }
      return presentSubaccount(updated, this.keyInHand(auth, updated));
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyTaken('api_username', String(input.api_username));
      throw err;
    }
  }

  async remove(auth: AuthContext, id: number) {
    const row = await this.accounts.findAccountSubaccount(auth.accountId, id);
    if (!row) throw notFoundById('Subaccount', id);
    if (row.is_primary === 1) throw ApiError.forbidden("The account owner's credentials cannot be deleted.");
    this.checkCovers(auth, row);
    if (row.id === auth.subaccountId) throw ApiError.badRequest('A subaccount cannot delete itself; use another key with access_users.');
    if (!(await this.accounts.deleteSubaccount(auth.accountId, id))) throw notFoundById('Subaccount', id);
  }

  /** New key at once; the old one stops working with the next request (keys are looked up per request). */
  async regenerateKey(auth: AuthContext, id: number) {
    await this.editable(auth, id);
    const apiKey = newApiKey();
    await this.accounts.updateSubaccount(auth.accountId, id, { api_key_hash: hashApiKey(apiKey), api_key_mask: maskApiKey(apiKey), updated_at: unixSeconds(this.clock) });
    return { api_key: apiKey };
  }
}
