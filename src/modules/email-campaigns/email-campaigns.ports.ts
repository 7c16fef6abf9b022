import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/index.js';
import type { LedgerEntry } from '../../core/messaging/index.js';

/** The account side of a campaign (index.ts adapts accounts, pricing and the ledger to it). */
export interface CampaignAccounts {
  currencyOf(accountId: number): Promise<{ currency_name_short: string; currency_prefix_d: string; currency_prefix_c: string; currency_name_long: string }>;
  /** Price of one campaign email for the account (its country's email rate, its currency), micro-units. */
  emailRateMicros(accountId: number): Promise<number>;
  balance(accountId: number): Promise<number>;
  /** Locks the account's balance row until `trx` ends: batches and cancels of one account take it first, in turn. */
  lockBalance(trx: Transaction<Database>, accountId: number): Promise<number>;
  debit(entry: LedgerEntry, trx: Transaction<Database>): Promise<unknown>;
  refund(entry: LedgerEntry, trx: Transaction<Database>): Promise<unknown>;
}
