import type { Kysely, Transaction } from 'kysely';
import type { AuthContext } from '../auth/index.js';
import type { Database, Db } from '../db/index.js';
import { ApiError } from '../errors/index.js';
import type { PageRequest } from '../pagination/index.js';
import { compileSearch, iequal, integer, searchPage, upper, type Search, type SearchParams, type SearchSpec } from '../search/index.js';
import { unixSeconds, type Clock } from '../util/clock.js';
import { newMessageId } from '../util/ids.js';
import type { MessageColumns, MessageStore } from './store.js';

type Exec = Db | Transaction<Database>;

/** The columns of every channel's receipts table (sms_receipts; voice_receipts, fax_receipts… alike). */
export interface ReceiptColumns {
  id: number;
  /** The outbound message's message_id (unique: one receipt per message). */
  message_id: string;
  account_id: number;
  subaccount_id: number;
  custom_string: string | null;
  status_code: number;
  error_code: number | null;
  /** When the message was sent (receipts' `timestamp_send`). */
  timestamp_send: number | null;
  /** When the receipt arrived (receipts' `timestamp`). */
  receipt_at: number;
  /** 0 until PUT …/receipts-read; GET …/receipts lists unread receipts. */
  is_read: number;
  is_test: number;
  created_at: number;
}

export type NewReceipt = Omit<ReceiptColumns, 'id'>;

/** SQL over one channel's receipts table, always scoped to an account. */
export class ReceiptStore<Row extends ReceiptColumns> {
  private readonly db: Kysely<any>;

  constructor(
    db: Db,
    readonly table: string,
  ) {
    this.db = db as unknown as Kysely<any>;
  }

  /** Receipts of a sweep; a message that already has one keeps it (two sweeps racing write it once). */
  async insertMany(exec: Exec, rows: NewReceipt[]): Promise<void> {
    if (rows.length === 0) return;
    await (exec as unknown as Kysely<any>)
      .insertInto(this.table)
      .values(rows)
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }

  insert(row: NewReceipt, exec: Exec = this.db as unknown as Db): Promise<Row> {
    return (exec as unknown as Kysely<any>).insertInto(this.table).values(row).returningAll().$castTo<Row>().executeTakeFirstOrThrow();
  }

  /** Runs `fn` in one transaction (a test receipt and the webhook it pushes commit together). */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return (this.db as unknown as Db).transaction().execute(fn);
  }

  /** Unread receipts matching the search, in its order (oldest first by default), and how many match: pull, process, mark read. */
  unreadPage(accountId: number, search: Search, limit: number, offset: number): Promise<{ rows: Row[]; total: number }> {
    return searchPage<Row>(() => this.db.selectFrom(this.table).where('account_id', '=', accountId).where('is_read', '=', 0), search, limit, offset);
  }

  find(accountId: number, messageId: string): Promise<Row | undefined> {
    return this.db.selectFrom(this.table).selectAll().where('message_id', '=', messageId).where('account_id', '=', accountId).$castTo<Row>().executeTakeFirst();
  }

  async markRead(accountId: number, before: number | undefined): Promise<number> {
    let q = this.db.updateTable(this.table).set({ is_read: 1 }).where('account_id', '=', accountId).where('is_read', '=', 0);
    if (before !== undefined) q = q.where('receipt_at', '<', before);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }
}

type ReceiptColumn = 'message_id' | 'custom_string' | 'status_code' | 'error_code' | 'timestamp_send' | 'receipt_at' | 'id';

/** GET …/receipts (the unread pull list) of every channel: q= and order_by= over the receipt record's fields. */
export const RECEIPTS_SEARCH: SearchSpec<ReceiptColumn> = {
  fields: {
    message_id: upper('message_id'),
    custom_string: iequal('custom_string'),
    status_code: integer('status_code'),
    error_code: integer('error_code'),
  },
  sort: { timestamp: 'receipt_at', timestamp_send: 'timestamp_send', status_code: 'status_code', error_code: 'error_code', message_id: 'message_id', custom_string: 'custom_string' },
  // Oldest first: pull them, then PUT …/receipts-read.
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};

/** How a channel prints its receipts (each endpoint has its own shape) and names its messages. */
export interface ReceiptsChannel<Row, Item, One, Test> {
  readonly noun: string;
  presentItem(row: Row): Item;
  present(row: Row): One;
  presentTest(row: Row): Test;
  /** status_code of a generated test receipt (SMS, voice, fax: 201 "received"). */
  readonly testStatusCode?: number;
}

/**
 * The `url` of a test helper (POST …/receipts, /sms/inbound): the http(s) URL its sample is pushed to, or null for
 * "poll" (ClickSend: stored only, then fetched with GET). Anything else is a 400 naming url.
 */
export function testPushUrl(url: string): string | null {
  const target = url.trim();
  if (target.toLowerCase() === 'poll') return null;
  if (!/^https?:\/\/\S+$/i.test(target)) throw ApiError.badRequest(`url must be an http(s) URL or "poll", got "${url}".`);
  return target;
}

/** Delivery receipts of any channel: the pull list, one receipt, read marks and test receipts. */
export class MessageReceipts<Row extends ReceiptColumns, Msg extends MessageColumns, Item, One, Test> {
  constructor(
    private readonly receipts: ReceiptStore<Row>,
    private readonly messages: MessageStore<Msg>,
    private readonly clock: Clock,
    private readonly channel: ReceiptsChannel<Row, Item, One, Test>,
  ) {}

  /** Unread receipts matching q=, oldest first unless order_by says otherwise (pull them, then PUT …/receipts-read). */
  async list(auth: AuthContext, query: SearchParams, page: PageRequest): Promise<{ total: number; items: Item[] }> {
    const search = compileSearch(RECEIPTS_SEARCH, query);
    const { rows, total } = await this.receipts.unreadPage(auth.accountId, search, page.limit, page.offset);
    return { total, items: rows.map((r) => this.channel.presentItem(r)) };
  }

  async get(auth: AuthContext, messageId: string): Promise<One> {
    const id = messageId.trim().toUpperCase();
    const row = await this.receipts.find(auth.accountId, id);
    if (row) return this.channel.present(row);
    const message = await this.messages.find(auth.accountId, id);
    if (message) throw ApiError.notFound(`No delivery receipt for message ${id} yet (it is ${message.status}); the network reports a few seconds after sending.`);
    throw ApiError.notFound(`No ${this.channel.noun} with message_id ${messageId} in this account.`);
  }

  async markRead(auth: AuthContext, dateBefore: number | null | undefined): Promise<void> {
    await this.receipts.markRead(auth.accountId, dateBefore ?? undefined);
  }

  /**
   * POST …/receipts: a generated "delivered" receipt for a made-up message, stored so the pull list
   * shows it. ClickSend "generates and sends" it to `url`: `push` (the channel's webhook outbox) queues that
   * push in the transaction that stores the receipt. `url` "poll" stores it only (ClickSend: then fetch it with GET).
   */
  async addTest(auth: AuthContext, url: string, push?: (trx: Transaction<Database>, row: Row, url: string) => Promise<void>): Promise<Test> {
    const target = testPushUrl(url);
    const now = unixSeconds(this.clock);
    const row = await this.receipts.transaction(async (trx) => {
      const stored = await this.receipts.insert(this.testRow(auth, now), trx);
      if (target !== null && push) await push(trx, stored, target);
      return stored;
    });
    return this.channel.presentTest(row);
  }

  private testRow(auth: AuthContext, now: number): NewReceipt {
    return {
      message_id: newMessageId(),
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      custom_string: null,
      status_code: this.channel.testStatusCode ?? 201,
      error_code: null,
      timestamp_send: now,
      receipt_at: now,
      is_read: 0,
      is_test: 1,
      created_at: now,
    };
  }
}
