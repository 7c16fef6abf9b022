import { sql, type ExpressionBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { containsIgnoringCase } from '../../core/search/index.js';
import { MessageStore, type HistoryPlan, type MessageTableSpec } from '../../core/messaging/index.js';
import type { NewSmsMessage, SmsMessageRow } from './sms.tables.js';
import './sms.tables.js';

type Exec = Db | Transaction<Database>;
type MessagesEb = ExpressionBuilder<Database, 'sms_messages'>;

/**
 * sms_messages as the message core sees it: parts are what a message is priced by, and a cancelled
 * message shows as ClickSend shows one (status_code 301, gateway error 5 "Message is cancelled").
 * 500 rows per multi-row INSERT: far below SQLite's 32,766 bound parameters (19 columns a row) and PostgreSQL's 65,535.
 */
export const SMS_TABLE: MessageTableSpec = { table: 'sms_messages', unitsColumn: 'message_parts', cancelledSet: { status_code: 301, error_code: 5 }, insertChunk: 500 };
/** Values per IN (…) list. */
const IN_CHUNK = 900;

/** One condition of a history query, already mapped to a column (see sms.query.ts). */
export type HistoryCondition =
  | { kind: 'in'; column: 'status'; values: string[] }
  | { kind: 'eq'; column: 'status_code' | 'error_code' | 'subaccount_id' | 'list_id' | 'contact_id'; value: number }
  | { kind: 'eq'; column: 'to_number' | 'message_id' | 'country'; value: string }
  | { kind: 'ieq'; column: 'from_sender' | 'custom_string' | 'api_username'; value: string }
  | { kind: 'contains'; column: 'body'; value: string }
  | { kind: 'none' };

export const ORDERABLE = [
  'created_at',
  'schedule_at',
  'to_number',
  'from_sender',
  'status',
  'status_code',
  'price_micros',
  'message_parts',
  'country',
  'message_id',
  'custom_string',
  'subaccount_id',
] as const;
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

/** SQL for outbound SMS that is SMS's own (opt-outs, THROTTLED, history's q= conditions); the rest is the message core's store. */
export class SmsRepository {
  readonly messages: MessageStore<SmsMessageRow>;

  constructor(readonly db: Db) {
    this.messages = new MessageStore<SmsMessageRow>(db, SMS_TABLE);
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
      const rows = await db.selectFrom('sms_messages').select(['to_number', 'body']).where('account_id', '=', accountId).where('created_at', '>=', sinceS).where('throttle_key', 'in', part).execute();
      for (const r of rows) out.add(`${r.to_number}\u0000${r.body}`);
    }
    return out;
  }

  /** Stored messages as they are (seeding, tests): the store's chunked multi-row inserts. */
  insertMessages(trx: Transaction<Database>, rows: NewSmsMessage[]): Promise<void> {
    return this.messages.insert(trx, rows);
  }

  /** A history filter (sms.query.ts) as the message core's history runs it. */
  historyPlan(f: HistoryFilter): HistoryPlan {
    return { where: this.historyWhere(f) as HistoryPlan['where'], order: f.order };
  }

  historyWhere(f: HistoryFilter) {
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
}
