import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { isUniqueViolation } from '../../core/db/index.js';
import { ApiError, badEmail, notFoundById } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { compileSearch, type SearchParams } from '../../core/search/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { isEmail } from '../../core/validation/index.js';
import type { AccountsRepository } from '../accounts/index.js';
import { EmailSmsRepository } from './email-sms.repository.js';
import type { EmailSmsAddressBody, EmailSmsAddressUpdate } from './email-sms.schemas.js';
import { ADDRESS_SEARCH, STRIPPED_STRING_SEARCH } from './email-sms.search.js';
import type { EmailSmsAddressRow, StrippedStringRow } from './email-sms.tables.js';

export function presentAddress(row: EmailSmsAddressRow) {
  return { email_address: row.email_address, email_address_id: row.id, from: row.from_sender };
}

export function presentStrippedString(row: StrippedStringRow) {
  return { rule_id: row.id, strip_string: row.strip_string };
}

/** The SMS module's sender-id rule, handed in so this module imports it only through the SMS index. */
export type SenderIdCheck = (from: string) => boolean;

/** The allowed addresses and stripped strings of /sms/email-sms and /sms/email-sms-stripped-strings. */
export class EmailSmsService {
  readonly repo: EmailSmsRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly credentials: Pick<AccountsRepository, 'findAccountSubaccount'>,
    private readonly isValidSenderId: SenderIdCheck,
  ) {
    this.repo = new EmailSmsRepository(db);
  }

  async listAddresses(auth: AuthContext, page: PageRequest, query: SearchParams = {}) {
    const { rows, total } = await this.repo.pageAddresses(auth.accountId, compileSearch(ADDRESS_SEARCH, query), page.limit, page.offset);
    return { items: rows.map(presentAddress), total };
  }

  async getAddress(auth: AuthContext, id: number) {
    const row = await this.repo.findAddress(auth.accountId, id);
    if (!row) throw notFoundById('Allowed email address', id);
    return presentAddress(row);
  }

  async createAddress(auth: AuthContext, input: EmailSmsAddressBody) {
    const email = checkEmail(input.email_address);
    const from = this.checkFrom(input.from);
    // A subaccount's address is its own unless it says otherwise (checkSubaccount allows nothing else).
    const subaccountId = (await this.checkSubaccount(auth, input.subaccount_id)) ?? (auth.isPrimary ? null : auth.subaccountId);
    const now = unixSeconds(this.clock);
    try {
      const row = await this.repo.insertAddress({ account_id: auth.accountId, subaccount_id: subaccountId, email_address: email, from_sender: from, created_at: now, updated_at: now });
      return presentAddress(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyAllowed(email);
      throw err;
    }
  }

  async updateAddress(auth: AuthContext, id: number, input: EmailSmsAddressUpdate) {
    const email = checkEmail(input.email_address);
    const from = input.from === undefined ? undefined : this.checkFrom(input.from);
    const subaccountId = await this.checkSubaccount(auth, input.subaccount_id);
    const changes = {
      email_address: email,
      updated_at: unixSeconds(this.clock),
      ...(from === undefined ? {} : { from_sender: from }),
      ...(subaccountId === undefined ? {} : { subaccount_id: subaccountId }),
    };
    try {
      const row = await this.repo.updateAddress(auth.accountId, id, changes);
      if (!row) throw notFoundById('Allowed email address', id);
      return presentAddress(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyAllowed(email);
      throw err;
    }
  }

  async removeAddress(auth: AuthContext, id: number) {
    if (!(await this.repo.deleteAddress(auth.accountId, id))) throw notFoundById('Allowed email address', id);
  }

  async listStrings(auth: AuthContext, page: PageRequest, query: SearchParams = {}) {
    const { rows, total } = await this.repo.pageStrings(auth.accountId, compileSearch(STRIPPED_STRING_SEARCH, query), page.limit, page.offset);
    return { items: rows.map(presentStrippedString), total };
  }

  async getString(auth: AuthContext, id: number) {
    const row = await this.repo.findString(auth.accountId, id);
    if (!row) throw notFoundById('Stripped string', id);
    return presentStrippedString(row);
  }

  async createString(auth: AuthContext, strip: string) {
    return presentStrippedString(await this.repo.insertString(auth.accountId, checkStrip(strip), unixSeconds(this.clock)));
  }

  async updateString(auth: AuthContext, id: number, strip: string) {
    const row = await this.repo.updateString(auth.accountId, id, checkStrip(strip), unixSeconds(this.clock));
    if (!row) throw notFoundById('Stripped string', id);
    return presentStrippedString(row);
  }

  async removeString(auth: AuthContext, id: number) {
    if (!(await this.repo.deleteString(auth.accountId, id))) throw notFoundById('Stripped string', id);
  }

  private checkFrom(from: string): string {
    const value = from.trim();
    if (!this.isValidSenderId(value)) {
      throw ApiError.badRequest(`from must be a phone number or a sender id of up to 11 letters and digits without spaces, got "${from}".`);
    }
    return value;
  }

  /** undefined: not given (keep); null: the account's main credentials; a number: one of this account's subaccounts. */
  private async checkSubaccount(auth: AuthContext, raw: string | number | null | undefined): Promise<number | null | undefined> {
    if (raw === undefined) return undefined;
    if (raw === null || raw === '') {
      // Mail from the address is charged to whoever it names: a subaccount may name only itself, never the main account.
      if (!auth.isPrimary) throw ApiError.badRequest(`subaccount_id must be your own (${auth.subaccountId}): a subaccount cannot tie an address to the main account.`);
      return null;
    }
    const id = typeof raw === 'number' ? raw : /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (!Number.isSafeInteger(id) || id < 1) throw ApiError.badRequest(`subaccount_id must be the id of one of your subaccounts, got "${raw}".`);
    if (!auth.isPrimary && id !== auth.subaccountId) throw ApiError.badRequest(`subaccount_id must be your own (${auth.subaccountId}): a subaccount cannot tie an address to another subaccount.`);
    // Another account's subaccount is as unknown as one that does not exist.
    if (!(await this.credentials.findAccountSubaccount(auth.accountId, id))) throw ApiError.badRequest(`subaccount_id ${id} is not a subaccount of this account.`);
    return id;
  }
}

function checkEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!isEmail(email)) throw badEmail('email_address', raw);
  return email;
}

function checkStrip(raw: string): string {
  // Spaces around a string are kept (they may be what is meant), but a string of spaces only would strip every space.
  if (raw.trim() === '') throw ApiError.badRequest('strip_string must not be blank.');
  return raw;
}

function alreadyAllowed(email: string) {
  return new ApiError('ALREADY_EXISTS', `email_address "${email}" is already allowed in this account.`);
}
