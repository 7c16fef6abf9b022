import type { Generated, Selectable } from 'kysely';

/** One row per balance change. accounts.balance_micros always equals the sum of amount_micros. */
export interface LedgerTransactionsTable {
  id: Generated<number>;
  account_id: number;
  subaccount_id: number | null;
  /** Signed: credits positive, debits negative. */
  amount_micros: number;
  balance_after_micros: number;
  kind: 'credit' | 'debit' | 'refund';
  /** What it paid for: sms, post, … (the keys of /account/usage); null for top-ups. */
  product: string | null;
  quantity: number;
  /** What it paid for (a message id, a recharge id). */
  reference: string | null;
  description: string;
  created_at: number;
}

export type LedgerTransactionRow = Selectable<LedgerTransactionsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    ledger_transactions: LedgerTransactionsTable;
  }
}
