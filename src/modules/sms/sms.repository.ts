import { sql, type ExpressionBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { cancel as cancelDispatch, WAITING_STATUSES, DispatchStatus } from '../../core/dispatch/index.js';
import type { NewSmsMessage, SmsMessageRow } from './sms.tables.js';
import './sms.tables.js';

type Exec = Db | Transaction<Database>;
type MessagesEb = ExpressionBuilder<Database, 'sms_messages'>;

/** Rows per multi-row INSERT: far below SQLite's 32,766 bound parameters (19 columns a row) and PostgreSQL's 65,535. */
const INSERT_CHUNK = 500;
/** Values per IN (…) list. */
const IN_CHUNK = 900;

/** One condition of a history query, already mapped to a column (see sms.query.ts). */
export type HistoryCondition =
  | { kind: 'in'; column: 'status'; values: string[] }
  | { kind: 'eq'; column: 'status_code' | 'error_code' | 'subaccount_id' | 'list_id'; value: number }
  | { kind: 'eq'; column: 'to_number' | 'message_id' | 'country'; value: string }
  | { kind: 'ieq'; column: 'from_sender' | 'custom_string' | 'api_username'; value: string }
  | { kind: 'contains'; column: 'body'; value: string }
  | { kind: 'none' };

export const ORDERABLE = ['created_at', 'schedule_at', 'to_number', 'from_sender', 'status', 'status_code', 'price_micros', 'message_parts', 'country', 'message_id', 'custom_string', 'subaccount_id'] as const;
export type OrderColumn = (typeof ORDERABLE)[number];

export interface HistoryFilter {
  accountId: number;
  dateFrom?: number | undefined;
  dateTo?: number | undefined;
  conditions: HistoryCondition[];
  operator: 'AND' | 'OR';
  order: { column: OrderColumn; direction: 'asc' | 'desc' };
}

/** A condition no row meets (a q= value that names nothing, e.g. status:WaitApproval). */
const NOTHING = sql<SqlBool>`1 = 0`;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `column` contains `value`, ignoring case: lower() on both sides (PostgreSQL's LIKE is case-sensitive), wildcards escaped. */
export function containsIgnoringCase(column: string, value: string) {
  const pattern = `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** SQL for outbound messages: the send transaction, history, export and cancel. */
export class SmsRepository {
  constructor(readonly db: Db) {}

  /**
   * The account's balance, read with its row locked until the transaction ends, so that concurrent
   * sends of one account decide credit one after the other. A no-op UPDATE takes the lock on both
   * dialects (row lock on PostgreSQL, the write lock on SQLite) without dialect-specific SQL.
   */
  async lockBalance(trx: Transaction<Database>, accountId: number): Promise<number> {
    const row = await trx
      .updateTable('accounts')
      .set({ balance_micros: sql`balance_micros` })
      .where('id', '=', accountId)
      .returning('balance_micros')
      .executeTakeFirstOrThrow();
    return Number(row.balance_micros);
  }

  /** Which of `phones` opted out of this account. */
  async optedOut(db: Exec, accountId: number, phones: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...new Set(phones)], IN_CHUNK)) {
      const rows = await db.selectFrom('sms_opt_outs').select('phone').where('account_id', '=', accountId).where('phone', 'in', part).execute();
      for (const r of rows) out.add(r.phone);
    }
    return out;
  }

  /**
   * `to\0body` of this account's messages since `sinceS` (at most its latest `cap`) whose throttle key is
   * one of `keys`. The latest keys come from the (account, date) index alone; bodies are read only for
   * the rare key that matches, to rule out a hash collision.
   */
  async recentlySent(db: Exec, accountId: number, keys: Set<number>, sinceS: number, cap: number): Promise<Set<string>> {
    const recent = await db
      .selectFrom('sms_messages')
      .select('throttle_key')
      .where('account_id', '=', accountId)
      .where('created_at', '>=', sinceS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(cap)
      .execute();
    const hits = [...new Set(recent.map((r) => Number(r.throttle_key)).filter((k) => keys.has(k)))];
    const out = new Set<string>();
    for (const part of chunks(hits, IN_CHUNK)) {
      const rows = await db
        .selectFrom('sms_messages')
        .select(['to_number', 'body'])
        .where('account_id', '=', accountId)
        .where('created_at', '>=', sinceS)
        .where('throttle_key', 'in', part)
        .execute();
      for (const r of rows) out.add(`${r.to_number}\u0000${r.body}`);
    }
    return out;
  }

  async insertMessages(trx: Transaction<Database>, rows: NewSmsMessage[]): Promise<void> {
    for (const part of chunks(rows, INSERT_CHUNK)) await trx.insertInto('sms_messages').values(part).execute();
  }

  findMessage(accountId: number, messageId: string, db: Exec = this.db): Promise<SmsMessageRow | undefined> {
    return db.selectFrom('sms_messages').selectAll().where('message_id', '=', messageId).where('account_id', '=', accountId).executeTakeFirst();
  }

  private historyWhere(f: HistoryFilter) {
    return (eb: MessagesEb) => {
      const base = [eb('account_id', '=', f.accountId)];
      if (f.dateFrom !== undefined) base.push(eb('created_at', '>=', f.dateFrom));
      if (f.dateTo !== undefined) base.push(eb('created_at', '<=', f.dateTo));
      const conds = f.conditions.map((c) => {
        switch (c.kind) {
          case 'in':
            return c.values.length ? eb(c.column, 'in', c.values) : NOTHING;
          case 'eq':
            return eb(c.column, '=', c.value as never);
          case 'ieq':
            return eb(eb.fn('lower', [c.column]), '=', c.value.toLowerCase());
          case 'contains':
            return containsIgnoringCase(c.column, c.value);
          case 'none':
            return NOTHING;
        }
      });
      if (conds.length) base.push(f.operator === 'OR' ? eb.or(conds) : eb.and(conds));
      return eb.and(base);
    };
  }

  async countHistory(f: HistoryFilter): Promise<number> {
    const row = await this.db
      .selectFrom('sms_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(this.historyWhere(f))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  listHistory(f: HistoryFilter, limit: number, offset: number): Promise<SmsMessageRow[]> {
    return this.db
      .selectFrom('sms_messages')
      .selectAll()
      .where(this.historyWhere(f))
      .orderBy(f.order.column, f.order.direction)
      .orderBy('id', f.order.direction)
      .limit(limit)
      .offset(offset)
      .execute();
  }

  /**
   * Every row of a history query in batches, newest first, by keyset (created_at, id): each batch is
   * one indexed range read, however deep into a million rows it is.
   */
  async *historyBatches(f: HistoryFilter, batchSize = 1000): AsyncGenerator<SmsMessageRow[]> {
    let after: { created_at: number; id: number } | undefined;
    for (;;) {
      let q = this.db.selectFrom('sms_messages').selectAll().where(this.historyWhere(f));
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb('created_at', '<', a.created_at), eb.and([eb('created_at', '=', a.created_at), eb('id', '<', a.id)])]));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(batchSize).execute();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      after = { created_at: Number(last.created_at), id: Number(last.id) };
    }
  }

  /**
   * Cancels one message that no dispatcher has claimed (dispatch cancel(): a conditional update, so it
   * and a claim cannot both win) and marks it as ClickSend shows a cancelled message. True when cancelled.
   */
  async cancelOne(trx: Transaction<Database>, accountId: number, row: SmsMessageRow): Promise<boolean> {
    if (!(await cancelDispatch(trx, 'sms_messages', Number(row.id), { account_id: accountId }))) return false;
    await trx.updateTable('sms_messages').set({ status_code: 301, error_code: 5 }).where('id', '=', row.id).execute();
    return true;
  }

  /** Cancels every waiting message of the account in one statement; what was cancelled, for the refunds. */
  cancelAllWaiting(trx: Transaction<Database>, accountId: number) {
    return trx
      .updateTable('sms_messages')
      .set({ status: DispatchStatus.Cancelled, status_code: 301, error_code: 5 })
      .where('account_id', '=', accountId)
      .where('status', 'in', WAITING_STATUSES)
      .returning(['id', 'subaccount_id', 'price_micros', 'message_parts'])
      .execute();
  }
}
