import type { Transaction } from 'kysely';
import type { Database } from '../db/index.js';

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
