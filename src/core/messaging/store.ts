import type { Expression, ExpressionBuilder, Kysely, SqlBool, Transaction } from 'kysely';
import type { Database, Db } from '../db/index.js';
import { cancel as cancelDispatch, DispatchStatus, WAITING_STATUSES, type DispatchColumns } from '../dispatch/index.js';

type Exec = Db | Transaction<Database>;

/**
 * The columns every channel's message table has, besides the dispatch columns (withDispatchColumns) and
 * its own (to_number, body, subject, media, lang, pages…). Each channel keeps its own table: rows of
 * different channels share little beyond these, each wants its own indexes and partial indexes
 * (the SMS receipt sweep's), the channel module alone reads them (statistics asks SMS for its traffic), and the
 * dispatcher already claims per table. One shared messages table would need nullable columns for every
 * channel and would put MMS history scans behind SMS volume.
 */
export interface MessageColumns extends DispatchColumns {
  id: number;
  /** Upper-case GUID, what the API calls message_id. Unique. */
  message_id: string;
  account_id: number;
  /** The credentials that sent it; refunds and usage follow it. */
  subaccount_id: number;
  api_username: string;
  /** What was charged: units × the country's rate; 0 for a test recipient. */
  price_micros: number;
  /** When the API accepted it (history's `date`). */
  created_at: number;
}

/** How a channel describes its message table to the core. */
export interface MessageTableSpec {
  /** The table (declared by the channel's *.tables.ts, created by its migration). */
  readonly table: string;
  /** The column counting what a message is priced by: SMS message_parts, MMS 1 a message, voice minutes, fax message_pages. */
  readonly unitsColumn: string;
  /** Channel columns a cancel also sets (SMS: status_code 301 and error_code 5, as ClickSend shows a cancelled message). */
  readonly cancelledSet?: Readonly<Record<string, unknown>>;
  /**
   * Rows per multi-row INSERT: far below SQLite's 32,766 bound parameters and PostgreSQL's 65,535 for a
   * table of up to ~60 columns a row. Default 500.
   */
  readonly insertChunk?: number;
}

/** A history query as SQL: the filter the channel built (its q=, dates, tenancy) and the order. */
export interface HistoryPlan {
  where: (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;
  order: { column: string; direction: 'asc' | 'desc' };
}

/** A row a cancel-all stopped, for its refund. */
export interface CancelledRow {
  id: number;
  subaccount_id: number;
  price_micros: number;
  units: number;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * SQL over one channel's message table: inserts of a send, the lookups, history pages and keyset
 * batches, and cancels. Every read and write is scoped to an account (tenancy), never by message_id alone.
 */
export class MessageStore<Row extends MessageColumns> {
  private readonly db: Kysely<any>;
  private readonly table: string;

  constructor(
    db: Db,
    readonly spec: MessageTableSpec,
  ) {
    this.db = db as unknown as Kysely<any>;
    this.table = spec.table;
  }

  async insert(trx: Transaction<Database>, rows: object[]): Promise<void> {
    const t = trx as unknown as Transaction<any>;
    for (const part of chunks(rows, this.spec.insertChunk ?? 500)) await t.insertInto(this.table).values(part).execute();
  }

  find(accountId: number, messageId: string, db: Exec = this.db as Db): Promise<Row | undefined> {
    return (db as unknown as Kysely<any>).selectFrom(this.table).selectAll().where('message_id', '=', messageId).where('account_id', '=', accountId).$castTo<Row>().executeTakeFirst();
  }

  async count(plan: HistoryPlan): Promise<number> {
    const row = await this.db
      .selectFrom(this.table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(plan.where)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  list(plan: HistoryPlan, limit: number, offset: number): Promise<Row[]> {
    return this.db
      .selectFrom(this.table)
      .selectAll()
      .where(plan.where)
      .orderBy(plan.order.column, plan.order.direction)
      .orderBy('id', plan.order.direction)
      .limit(limit)
      .offset(offset)
      .$castTo<Row>()
      .execute();
  }

  /**
   * Every row of a history query in batches, newest first, by keyset (created_at, id): each batch is
   * one indexed range read, however deep into a million rows it is.
   */
  async *batches(plan: HistoryPlan, batchSize = 1000): AsyncGenerator<Row[]> {
    let after: { created_at: number; id: number } | undefined;
    for (;;) {
      let q = this.db.selectFrom(this.table).selectAll().where(plan.where);
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb('created_at', '<', a.created_at), eb.and([eb('created_at', '=', a.created_at), eb('id', '<', a.id)])]));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(batchSize).$castTo<Row>().execute();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      after = { created_at: Number(last.created_at), id: Number(last.id) };
    }
  }

  /**
   * Cancels one message that no dispatcher has claimed (dispatch cancel(): a conditional update, so it
   * and a claim cannot both win) and sets the channel's cancelled columns. True when cancelled.
   */
  async cancelOne(trx: Transaction<Database>, accountId: number, row: Row): Promise<boolean> {
    const t = trx as unknown as Transaction<any>;
    if (!(await cancelDispatch(t, this.table, Number(row.id), { account_id: accountId }))) return false;
    const set = this.spec.cancelledSet;
    if (set && Object.keys(set).length) await t.updateTable(this.table).set(set).where('id', '=', row.id).execute();
    return true;
  }

  /**
   * Cancels every waiting message of the account (those matching `scope` too, e.g. { campaign_id }) in one statement;
   * what was cancelled, for the refunds.
   */
  async cancelAllWaiting(trx: Transaction<Database>, accountId: number, scope: Readonly<Record<string, number>> = {}): Promise<CancelledRow[]> {
    const units = this.spec.unitsColumn;
    let q = (trx as unknown as Transaction<any>)
      .updateTable(this.table)
      .set({ status: DispatchStatus.Cancelled, ...this.spec.cancelledSet })
      .where('account_id', '=', accountId)
      .where('status', 'in', WAITING_STATUSES);
    for (const [column, value] of Object.entries(scope)) q = q.where(column, '=', value);
    const rows = await q.returning(['id', 'subaccount_id', 'price_micros', units]).execute();
    return rows.map((r) => ({ id: Number(r.id), subaccount_id: Number(r.subaccount_id), price_micros: Number(r.price_micros), units: Number(r[units]) }));
  }
}
