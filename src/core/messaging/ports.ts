import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.js';

/**
 * What the message core needs from outside the core, as interfaces the channel module fills in (the
 * ledger and pricing modules live under modules/, which the core must never import). LedgerService and
 * AccountsRepository satisfy these as they are; pricing is a function because each channel prices a
 * different unit (SMS parts, MMS messages, voice minutes, fax pages).
 */

/** One ledger row, as the ledger module takes it. */
export interface LedgerEntry {
  accountId: number;
  subaccountId?: number | null;
  /** Always positive; the direction comes from the method. */
  amountMicros: number;
  /** The ledger's product column (sms, mms, voice, fax, email): what usage reports group by. */
  product?: string | null;
  /** Units charged (SMS parts, MMS messages, voice minutes, fax pages): what usage reports count. */
  quantity?: number;
  reference?: string | null;
  description: string;
}

export interface LedgerPort {
  /** The account's balance, its row locked until `trx` ends: concurrent sends of one account decide credit one after the other. */
  lockBalance(trx: Transaction<Database>, accountId: number): Promise<number>;
  debit(entry: LedgerEntry, trx: Transaction<Database>): Promise<unknown>;
  credit(entry: LedgerEntry, kind: 'refund', trx: Transaction<Database>): Promise<unknown>;
}

/** The account fields every channel needs; a channel's account type adds its own (default country, limits). */
export interface MessageAccount {
  id: number;
  currency: string;
}

export interface AccountPort<A extends MessageAccount> {
  findAccount(id: number): Promise<A | undefined>;
}

/**
 * Price of one unit to `country` in `currency`, micro-units; `rateClass` picks one of several rates of a
 * country when the channel has them (voice mobile/landline). May throw (a region the price table cannot
 * name): the core then refuses the recipient with INVALID_RECIPIENT.
 */
export type UnitRate = (country: string, currency: string, rateClass?: string) => number;

/**
 * A contact as a list send sees it (the contacts module's row): what the channel addresses
 * (phone_number, email, fax_number, the postal address) and what placeholders fill a body from.
 */
export interface ListContact {
  contact_id: number;
  list_id: number;
  phone_number: string | null;
  email: string | null;
  fax_number: string | null;
  first_name: string | null;
  last_name: string | null;
  organization_name: string | null;
  address_line_1: string | null;
  address_line_2: string | null;
  address_city: string | null;
  address_state: string | null;
  address_postal_code: string | null;
  address_country: string | null;
  custom_1: string | null;
  custom_2: string | null;
  custom_3: string | null;
  custom_4: string | null;
}

/**
 * The contacts module as every channel's `list_id` sees it (the core must not import modules/). Lists are the
 * account's: a list of another account, or none, reads as null everywhere (the caller answers
 * NOT_ENOUGH_PERMISSION_TO_LIST_ID, as ClickSend does).
 */
export interface ContactListPort {
  /** Number of contacts in the account's list, or null when the account has no such list. */
  count(accountId: number, listId: number): Promise<number | null>;
  /**
   * Up to `limit` contacts of the account's list with contact_id > `afterContactId`, in contact_id order (a
   * resumable cursor: a job that stores the last id it handled never sends to a contact twice); null when the
   * account has no such list.
   */
  page(accountId: number, listId: number, afterContactId: number, limit: number): Promise<ListContact[] | null>;
  /**
   * Which of `addresses` (E.164 phone numbers, or e-mail addresses) are in one of the account's opt-out lists;
   * runs on `exec` (a send's transaction) so the answer and the send agree.
   */
  optedOut(exec: Db | Transaction<Database>, accountId: number, addresses: readonly string[]): Promise<Set<string>>;
  /** Adds a number (E.164) or address to the account's opt-out list (created, named "Opt-Out List", when it has none); a repeat does nothing. */
  optOut(exec: Db | Transaction<Database>, accountId: number, address: string, now: number): Promise<void>;
}
