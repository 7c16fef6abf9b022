import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { ApiError } from '../../core/errors/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { microsToDecimal } from '../../core/util/money.js';
import './ledger.tables.js';

export type Executor = Db | Transaction<Database>;

export interface Entry {
  accountId: number;
  subaccountId?: number | null;
  /** Always positive; the direction comes from the method. */
  amountMicros: number;
  /** sms, post, …: the /account/usage key this entry counts under. */
  product?: string | null;
  quantity?: number;
  reference?: string | null;
  description: string;
}

/**
 * Money as a ledger: every balance change is a row, and accounts.balance_micros (the cached sum)
 * moves in the same transaction. A debit is one conditional UPDATE (… WHERE balance >= amount), so
 * concurrent sends cannot overdraw on either dialect.
 */
export class LedgerService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * The account's balance, read with its row locked until the transaction ends, so that concurrent
   * sends of one account decide credit one after the other (the message channels' intake takes it
   * before checking credit message by message). A no-op UPDATE takes the lock on both dialects (row
   * lock on PostgreSQL, the write lock on SQLite) without dialect-specific SQL.
   */
  async lockBalance(trx: Transaction<Database>, accountId: number): Promise<number> {
    const row = await trx.updateTable('accounts').set({ balance_micros: sql`balance_micros` }).where('id', '=', accountId).returning('balance_micros').executeTakeFirstOrThrow();
    return Number(row.balance_micros);
  }

  /** Takes money; throws INSUFFICIENT_CREDIT and changes nothing when the balance is short. */
  async debit(entry: Entry, trx?: Transaction<Database>): Promise<number> {
    if (!trx) return this.db.transaction().execute((t) => this.debit(entry, t));
    const amount = Math.trunc(entry.amountMicros);
    if (amount < 0) throw new Error('debit amount must be positive');
    const row = await trx
      .updateTable('accounts')
      .set({ balance_micros: sql`balance_micros - ${amount}` })
      .where('id', '=', entry.accountId)
      .where('balance_micros', '>=', amount)
      .returning('balance_micros')
      .executeTakeFirst();
    if (!row) {
      const acct = await trx.selectFrom('accounts').select('balance_micros').where('id', '=', entry.accountId).executeTakeFirst();
      throw new ApiError('INSUFFICIENT_CREDIT', `Insufficient credit: this costs ${microsToDecimal(amount, 4)} and the balance is ${microsToDecimal(acct?.balance_micros ?? 0, 4)}.`);
    }
    await this.insert(trx, entry, -amount, row.balance_micros, 'debit');
    return row.balance_micros;
  }

  /** Adds money (top-ups, sign-up credit) or gives it back (refunds). */
  async credit(entry: Entry, kind: 'credit' | 'refund' = 'credit', trx?: Transaction<Database>): Promise<number> {
    if (!trx) return this.db.transaction().execute((t) => this.credit(entry, kind, t));
    const amount = Math.trunc(entry.amountMicros);
    if (amount < 0) throw new Error('credit amount must be positive');
    const row = await trx
      .updateTable('accounts')
      .set({ balance_micros: sql`balance_micros + ${amount}` })
      .where('id', '=', entry.accountId)
      .returning('balance_micros')
      .executeTakeFirstOrThrow();
    await this.insert(trx, entry, amount, row.balance_micros, kind);
    return row.balance_micros;
  }

  async balance(accountId: number, db: Executor = this.db): Promise<number> {
    const row = await db.selectFrom('accounts').select('balance_micros').where('id', '=', accountId).executeTakeFirst();
    return row?.balance_micros ?? 0;
  }

  /** The sum of the account's transactions: what the balance must always equal. */
  async sumOfTransactions(accountId: number, db: Executor = this.db): Promise<number> {
    const row = await db
      .selectFrom('ledger_transactions')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_micros'), sql<number>`0`).as('total'))
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  }

  private async insert(trx: Transaction<Database>, e: Entry, signed: number, after: number, kind: 'credit' | 'debit' | 'refund') {
    await trx
      .insertInto('ledger_transactions')
      .values({
        account_id: e.accountId,
        subaccount_id: e.subaccountId ?? null,
        amount_micros: signed,
        balance_after_micros: after,
        kind,
        product: e.product ?? null,
        quantity: e.quantity ?? 1,
        reference: e.reference ?? null,
        description: e.description,
        created_at: unixSeconds(this.clock),
      })
      .execute();
  }
}
