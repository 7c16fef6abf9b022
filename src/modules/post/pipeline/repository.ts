import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db/index.js';
import { cancel, newDispatchValues } from '../../../core/dispatch/index.js';
import { compileSearch, searchIsEmpty, searchOrder, searchWhere, type Search, type SearchParams } from '../../../core/search/index.js';
import type { LedgerService } from '../../ledger/index.js';
import type { PostItemTable } from './product.js';
import { POST_HISTORY_SEARCH } from './search.js';
import type { PostItemColumns, PostProduct } from './tables.js';
import './tables.js';

/** Rows per INSERT: 1000 recipients × ~35 columns would pass SQLite's limit of 32,766 bound values. */
export const INSERT_CHUNK = 200;

export async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

/** One proof job per item, due now, in the caller's transaction. */
export async function insertProofJobs(trx: Transaction<Database>, product: PostProduct, messageIds: readonly string[], nowS: number): Promise<void> {
  const jobs = messageIds.map((message_id) => ({ ...newDispatchValues(nowS, nowS), product, message_id, created_at: nowS }));
  await insertChunked(jobs, (chunk) => trx.insertInto('post_proof_jobs').values(chunk).execute());
}

export interface DateRange {
  date_from?: number | undefined;
  date_to?: number | undefined;
}

export type CancelResult<R> = { outcome: 'cancelled'; row: R } | { outcome: 'not-found' } | { outcome: 'too-late'; row: R };

/**
 * SQL for a post item table (postcards, letters, …): each carries the same columns plus its own, so one class
 * serves all. Tables are named at run time, hence Kysely<any> inside; rows come out typed. History reads
 * are scoped by account and ordered by (date_added, id), which the (account_id, date_added, id) index serves.
 */
export class PostItemsRepository<Row extends Selectable<PostItemColumns>> {
  constructor(
    private readonly db: Db,
    readonly table: PostItemTable,
    /** The product whose items the table holds: its key in post_history_counts. */
    private readonly product: PostProduct,
  ) {}

  private k(exec?: Transaction<Database>): Kysely<any> {
    return (exec ?? this.db) as unknown as Kysely<any>;
  }

  /** Inserts the items and adds them to their accounts' history counts, in the caller's transaction. */
  async insertMany(rows: ReadonlyArray<Omit<Row, 'id'>>, trx: Transaction<Database>): Promise<void> {
    await insertChunked(rows, (chunk) => this.k(trx).insertInto(this.table).values(chunk).execute());
    const perAccount = new Map<number, number>();
    for (const r of rows) perAccount.set(r.account_id, (perAccount.get(r.account_id) ?? 0) + 1);
    for (const [account_id, items] of perAccount) {
      await trx
        .insertInto('post_history_counts')
        .values({ account_id, product: this.product, items })
        .onConflict((oc) => oc.columns(['account_id', 'product']).doUpdateSet({ items: (eb) => eb('post_history_counts.items', '+', eb.ref('excluded.items')) }))
        .execute();
    }
  }

  /** Items in the account's history: the kept count when no dates narrow it, else a count over the index range. */
  private async count(accountId: number, range: DateRange): Promise<number> {
    if (range.date_from === undefined && range.date_to === undefined) {
      const row = await this.db.selectFrom('post_history_counts').select('items').where('account_id', '=', accountId).where('product', '=', this.product).executeTakeFirst();
      return Number(row?.items ?? 0);
    }
    const row = await this.scoped(accountId, range)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private scoped(accountId: number, range: DateRange, exec?: Transaction<Database>) {
    let q = this.k(exec).selectFrom(this.table).where('account_id', '=', accountId);
    if (range.date_from !== undefined) q = q.where('date_added', '>=', range.date_from);
    if (range.date_to !== undefined) q = q.where('date_added', '<=', range.date_to);
    return q;
  }

  /**
   * One history page: the date range and ClickSend's q= / operator= / order_by= (POST_HISTORY_SEARCH; 400
   * naming an unknown field). Without q the count is the kept one.
   */
  async page(accountId: number, range: DateRange & SearchParams, limit: number, offset: number): Promise<{ rows: Row[]; total: number }> {
    const search = compileSearch(POST_HISTORY_SEARCH, range);
    const narrowed = () => this.scoped(accountId, range).where((eb) => searchWhere(eb, search));
    const [rows, total] = await Promise.all([
      searchOrder(narrowed().selectAll(), search).limit(limit).offset(offset).execute(),
      searchIsEmpty(search)
        ? this.count(accountId, range)
        : narrowed()
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
            .then((r) => Number(r.n)),
    ]);
    return { rows: rows as Row[], total };
  }

  /** Every matching row in history order, read in keyset batches so an export never holds them all. */
  iterate(accountId: number, range: DateRange & SearchParams, batch = 1000): AsyncGenerator<Row> {
    // Checked now, so a bad q= is a 400 before the export file is started.
    return this.batches(accountId, range, compileSearch(POST_HISTORY_SEARCH, { q: range.q, operator: range.operator }), batch);
  }

  private async *batches(accountId: number, range: DateRange, search: Search, batch: number): AsyncGenerator<Row> {
    let after: { date_added: number; id: number } | undefined;
    for (;;) {
      let q = this.scoped(accountId, range)
        .where((eb) => searchWhere(eb, search))
        .selectAll();
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb('date_added', '>', a.date_added), eb.and([eb('date_added', '=', a.date_added), eb('id', '>', a.id)])]));
      }
      const rows = (await q.orderBy('date_added').orderBy('id').limit(batch).execute()) as Row[];
      yield* rows;
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      after = { date_added: Number(last.date_added), id: Number(last.id) };
    }
  }

  async findByMessageId(messageId: string): Promise<Row | undefined> {
    return (await this.k().selectFrom(this.table).selectAll().where('message_id', '=', messageId).executeTakeFirst()) as Row | undefined;
  }

  /**
   * Cancels an item no dispatcher has claimed yet and refunds what it cost, in one transaction: either both
   * happen or neither. Another account's item is not found.
   */
  async cancelAndRefund(accountId: number, messageId: string, ledger: LedgerService, description: string): Promise<CancelResult<Row>> {
    return this.db.transaction().execute(async (trx) => {
      const row = (await this.k(trx).selectFrom(this.table).selectAll().where('message_id', '=', messageId).where('account_id', '=', accountId).executeTakeFirst()) as Row | undefined;
      if (!row) return { outcome: 'not-found' } as const;
      if (!(await cancel(trx, this.table, Number(row.id), { account_id: accountId }))) {
        // Claimed meanwhile, perhaps: report the status as it is now.
        const now = (await this.k(trx).selectFrom(this.table).selectAll().where('id', '=', row.id).executeTakeFirst()) as Row | undefined;
        return { outcome: 'too-late', row: now ?? row } as const;
      }
      if (row.price_micros > 0) {
        await ledger.credit({ accountId, subaccountId: row.subaccount_id, amountMicros: Number(row.price_micros), product: 'post', reference: row.message_id, description }, 'refund', trx);
      }
      return { outcome: 'cancelled', row: { ...row, status: 'Cancelled' } } as const;
    });
  }
}
