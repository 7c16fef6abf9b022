import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely, type Transaction } from 'kysely';
import { scratchDatabase, type ScratchDatabase } from '../../../test/helpers/dispatch.js';
import { ACCESS_FLAGS, type AuthContext } from '../auth/index.js';
import { withIdColumn, type DbHandle } from '../db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../dispatch/index.js';
import { ApiError } from '../errors/index.js';
import { LocalFileStore } from '../files/index.js';
import {
  MessageCancel,
  MessageHistory,
  MessageIntake,
  MessageReceipts,
  MessageStore,
  ReceiptStore,
  RecipientParser,
  readingCountry,
  fillPlaceholders,
  type ContactListPort,
  type Draft,
  type LedgerEntry,
  type ListContact,
  type LedgerPort,
  type MessageColumns,
  type ReceiptColumns,
} from './index.js';

/*
 * A second channel in one page: a tiny "fax" described with the message core (its own table, priced per
 * page, its own test numbers, a channel column), over a real database. What the channel writes here is
 * all a new channel folder would hold besides its routes, schemas and provider.
 */

const FAX_TEST_NUMBERS = new Map([['+61261111111', 'AU']]);
const PAGE_RATE = 2_200_000; // 2.20 a page, as ClickSend's fax example
const START_BALANCE = 10_000_000;

interface FaxInput {
  to?: string;
  list_id?: number | null;
  schedule?: unknown;
  file_url?: string;
  pages?: number;
  country?: string;
}
interface FaxDraft extends Draft<FaxInput> {
  fileUrl: string;
  readIn: string | undefined;
}
interface FaxRow extends MessageColumns {
  to_number: string;
  file_url: string;
  message_pages: number;
  status_code: number | null;
}
type FaxReceipt = ReceiptColumns;

/** The ledger as a port over two tables the test owns: balances and entries, in the caller's transaction. */
function tableLedger(db: Kysely<any>): LedgerPort & { entries(): Promise<Array<Record<string, unknown>>>; balance(id: number): Promise<number> } {
  const move = async (trx: Transaction<any>, e: LedgerEntry, signed: number) => {
    await trx
      .updateTable('t_balances')
      .set({ balance_micros: sql`balance_micros + ${signed}` })
      .where('account_id', '=', e.accountId)
      .execute();
    await trx
      .insertInto('t_ledger')
      .values({
        account_id: e.accountId,
        subaccount_id: e.subaccountId ?? null,
        amount_micros: signed,
        product: e.product ?? null,
        quantity: e.quantity ?? 1,
        reference: e.reference ?? null,
        description: e.description,
      })
      .execute();
  };
  return {
    async lockBalance(trx, accountId) {
      const row = await (trx as unknown as Transaction<any>)
        .updateTable('t_balances')
        .set({ balance_micros: sql`balance_micros` })
        .where('account_id', '=', accountId)
        .returning('balance_micros')
        .executeTakeFirstOrThrow();
      return Number(row.balance_micros);
    },
    debit: (e, trx) => move(trx as unknown as Transaction<any>, e, -e.amountMicros),
    credit: (e, _kind, trx) => move(trx as unknown as Transaction<any>, e, e.amountMicros),
    entries: () => db.selectFrom('t_ledger').selectAll().orderBy('id').execute(),
    async balance(id) {
      const r = await db.selectFrom('t_balances').select('balance_micros').where('account_id', '=', id).executeTakeFirstOrThrow();
      return Number(r.balance_micros);
    },
  };
}

function authOf(accountId: number, subaccountId = accountId * 10): AuthContext {
  return {
    accountId,
    subaccountId,
    apiUsername: `user${accountId}`,
    isPrimary: true,
    access: Object.fromEntries(ACCESS_FLAGS.map((f) => [f, true])) as AuthContext['access'],
    presentedApiKey: undefined,
    record: null,
  };
}

describe('message core, with a fax-like channel described in one page', () => {
  let scratch: ScratchDatabase;
  let h: DbHandle;
  let db: Kysely<any>;
  let ledger: ReturnType<typeof tableLedger>;
  let store: MessageStore<FaxRow>;
  let intake: MessageIntake<FaxInput, { id: number; currency: string; default_country: string }, FaxDraft, FaxRow>;
  let history: MessageHistory<{ status?: string }, FaxRow, { message_id: string; to: string; status: string; message_pages: string }>;
  let cancel: MessageCancel<FaxRow>;
  let receipts: MessageReceipts<FaxReceipt, FaxRow, { message_id: string }, { message_id: string; status_code: string }, { status_code: string }>;
  let filesDir: string;
  let files: LocalFileStore;
  const nowMs = 1_800_000_000_000;
  const nowS = nowMs / 1000;
  const clock = { nowMs: () => nowMs };

  before(async () => {
    scratch = await scratchDatabase();
    h = scratch.open();
    db = h.db as unknown as Kysely<any>;
    await withDispatchColumns(
      withIdColumn(db, db.schema.createTable('fax_t_messages'))
        .addColumn('message_id', 'varchar(36)', (c) => c.notNull().unique())
        .addColumn('account_id', 'bigint', (c) => c.notNull())
        .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
        .addColumn('api_username', 'varchar(100)', (c) => c.notNull())
        .addColumn('to_number', 'varchar(32)', (c) => c.notNull())
        .addColumn('country', 'varchar(2)', (c) => c.notNull())
        .addColumn('file_url', 'text', (c) => c.notNull())
        .addColumn('message_pages', 'integer', (c) => c.notNull())
        .addColumn('price_micros', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('status_code', 'integer'),
    ).execute();
    await createDispatchIndex(db, 'fax_t_messages');
    await withIdColumn(db, db.schema.createTable('fax_t_receipts'))
      .addColumn('message_id', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('account_id', 'bigint', (c) => c.notNull())
      .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
      .addColumn('custom_string', 'text')
      .addColumn('status_code', 'integer', (c) => c.notNull())
      .addColumn('error_code', 'integer')
      .addColumn('timestamp_send', 'bigint')
      .addColumn('receipt_at', 'bigint', (c) => c.notNull())
      .addColumn('is_read', 'integer', (c) => c.notNull())
      .addColumn('is_test', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('t_balances')
      .addColumn('account_id', 'bigint', (c) => c.primaryKey())
      .addColumn('balance_micros', 'bigint', (c) => c.notNull())
      .execute();
    await withIdColumn(db, db.schema.createTable('t_ledger'))
      .addColumn('account_id', 'bigint', (c) => c.notNull())
      .addColumn('subaccount_id', 'bigint')
      .addColumn('amount_micros', 'bigint', (c) => c.notNull())
      .addColumn('product', 'varchar(16)')
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('reference', 'varchar(64)')
      .addColumn('description', 'text', (c) => c.notNull())
      .execute();
    for (const id of [1, 2, 3]) await db.insertInto('t_balances').values({ account_id: id, balance_micros: START_BALANCE }).execute();

    ledger = tableLedger(db);
    const accounts = { findAccount: async (id: number) => (id <= 3 ? { id, currency: 'AUD', default_country: 'AU' } : undefined) };
    store = new MessageStore<FaxRow>(h.db, { table: 'fax_t_messages', unitsColumn: 'message_pages', cancelledSet: { status_code: 301 } });
    const parser = new RecipientParser(100, FAX_TEST_NUMBERS);
    intake = new MessageIntake({ db: h.db, clock, ledger, accounts }, store, {
      ledgerProduct: 'fax',
      noun: 'Fax',
      draft: (account, base) => {
        const readIn = readingCountry(base.input.country, account.default_country);
        return Object.assign(base, { fileUrl: base.input.file_url ?? '', units: base.input.pages ?? 1, country: readIn ?? '', readIn });
      },
      checkContent: (m) => (m.fileUrl === '' ? 'INVALID_MEDIA_FILE' : undefined),
      recipient(m) {
        const r = m.readIn ? parser.parse(m.to, m.readIn) : null;
        return r && { address: r.e164, country: r.country, isTest: r.isTest };
      },
      rate: (country) => {
        if (country !== 'AU') throw new Error(`no fax rate for ${country}`);
        return PAGE_RATE;
      },
      columns: (m) => ({ to_number: m.to, country: m.country, file_url: m.fileUrl }),
    });
    history = new MessageHistory(store, (files = new LocalFileStore((filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-messaging-'))))), 'http://sendbox.test', {
      plan: (accountId, q) => ({
        where: (eb) => eb.and([eb('account_id', '=', accountId), ...(q.status ? [eb('status', '=', q.status)] : [])]),
        order: { column: 'created_at', direction: 'desc' },
      }),
      present: (r) => ({ message_id: r.message_id, to: r.to_number, status: r.status, message_pages: Number(r.message_pages).toFixed(2) }),
      exportColumns: ['message_id', 'to', 'status'],
      exportRow: (r) => [r.message_id, r.to_number, r.status],
    });
    cancel = new MessageCancel(h.db, store, ledger, { ledgerProduct: 'fax', noun: 'Fax' });
    receipts = new MessageReceipts(new ReceiptStore<FaxReceipt>(h.db, 'fax_t_receipts'), store, clock, {
      noun: 'Fax',
      presentItem: (r) => ({ message_id: r.message_id }),
      present: (r) => ({ message_id: r.message_id, status_code: String(r.status_code) }),
      presentTest: (r) => ({ status_code: String(r.status_code) }),
    });
  });

  after(async () => {
    await h.close();
    await scratch.drop();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const rowsOf = (accountId: number): Promise<FaxRow[]> => db.selectFrom('fax_t_messages').selectAll().where('account_id', '=', accountId).orderBy('id').execute() as Promise<FaxRow[]>;

  it('checks each message in ClickSend order, prices per page, stores the accepted ones and debits the call once', async () => {
    const { items } = await intake.send(authOf(1), [
      { to: '+61255501234', file_url: 'https://x.test/a.pdf', pages: 3 },
      { to: '+61261111111', file_url: 'https://x.test/a.pdf', pages: 6 },
      { to: 'not a number', file_url: 'https://x.test/a.pdf' },
      { list_id: 42, file_url: 'https://x.test/a.pdf' },
      { to: '+61255501234' },
      { to: '+61255501234', file_url: 'https://x.test/a.pdf', schedule: nowS - 3600 },
      { to: '+6421234567', file_url: 'https://x.test/a.pdf' },
      { to: '02 5550 1299', file_url: 'https://x.test/a.pdf', schedule: nowS + 600 },
    ]);
    assert.deepEqual(
      items.map((m) => m.status),
      ['SUCCESS', 'SUCCESS', 'INVALID_RECIPIENT', 'NOT_ENOUGH_PERMISSION_TO_LIST_ID', 'INVALID_MEDIA_FILE', 'INVALID_SCHEDULE', 'INVALID_RECIPIENT', 'SUCCESS'],
    );
    assert.deepEqual(
      items.map((m) => m.priceMicros),
      [3 * PAGE_RATE, 0, 0, 0, 0, 0, 0, PAGE_RATE],
    );
    assert.equal(items[7]!.to, '+61255501299', 'a local number is read in the account country');
    const rows = await rowsOf(1);
    assert.deepEqual(
      rows.map((r) => [r.to_number, r.status, Number(r.message_pages), Number(r.price_micros), r.file_url, r.api_username]),
      [
        ['+61255501234', 'Queued', 3, 3 * PAGE_RATE, 'https://x.test/a.pdf', 'user1'],
        // A test number: stored Completed (never claimed by the dispatcher) and free.
        ['+61261111111', 'Completed', 6, 0, 'https://x.test/a.pdf', 'user1'],
        ['+61255501299', 'Scheduled', 1, PAGE_RATE, 'https://x.test/a.pdf', 'user1'],
      ],
    );
    const entries = await ledger.entries();
    assert.equal(entries.length, 1, 'one debit per call');
    assert.deepEqual(
      { amount: Number(entries[0]!.amount_micros), product: entries[0]!.product, quantity: Number(entries[0]!.quantity), description: entries[0]!.description, sub: Number(entries[0]!.subaccount_id) },
      { amount: -4 * PAGE_RATE, product: 'fax', quantity: 4, description: 'Fax: 3 message(s)', sub: 10 },
    );
    assert.equal(await ledger.balance(1), START_BALANCE - 4 * PAGE_RATE);
  });

  it('refuses, message by message, what the balance cannot cover, and charges only what it stored', async () => {
    // Account 2 holds 10.00: 3 pages (6.60) fit, 2 more pages (4.40) do not, 1 page (2.20) still does.
    const { items } = await intake.send(authOf(2), [
      { to: '+61255501234', file_url: 'u', pages: 3 },
      { to: '+61255501235', file_url: 'u', pages: 2 },
      { to: '+61255501236', file_url: 'u', pages: 1 },
    ]);
    assert.deepEqual(
      items.map((m) => m.status),
      ['SUCCESS', 'INSUFFICIENT_CREDIT', 'SUCCESS'],
    );
    assert.equal((await rowsOf(2)).length, 2);
    assert.equal(await ledger.balance(2), START_BALANCE - 4 * PAGE_RATE);
  });

  it('prices without storing or charging, and refuses an empty or oversized call whole', async () => {
    const before = (await ledger.entries()).length;
    const { items } = await intake.price(authOf(3), [{ to: '+61255501234', file_url: 'u', pages: 2 }]);
    assert.equal(items[0]!.priceMicros, 2 * PAGE_RATE);
    assert.equal((await rowsOf(3)).length, 0);
    assert.equal((await ledger.entries()).length, before);
    await assert.rejects(intake.send(authOf(3), []), (e: unknown) => e instanceof ApiError && e.responseCode === 'MISSING_REQUIRED_FIELDS');
    const many = Array.from({ length: 1001 }, () => ({ to: '+61255501234', file_url: 'u' }));
    await assert.rejects(intake.send(authOf(3), many), (e: unknown) => e instanceof ApiError && e.responseCode === 'TOO_MANY_RECIPIENTS' && /1001/.test(e.message));
    assert.equal((await rowsOf(3)).length, 0);
  });

  it('asks one rate per country and rate class, and honours a channel limit per call', async () => {
    const asked: string[] = [];
    // A voice-like description over the same table: landline and mobile numbers cost differently.
    const classed = new MessageIntake({ db: h.db, clock, ledger, accounts: { findAccount: async (id: number) => ({ id, currency: 'AUD', default_country: 'AU' }) } }, store, {
      ledgerProduct: 'voice',
      noun: 'Voice',
      maxPerCall: 3,
      draft: (_account, base) => Object.assign(base, { fileUrl: 'u', units: 1, readIn: 'AU' }),
      recipient: (m) => ({ address: m.to, country: 'AU', isTest: false }),
      rateClass: (m) => (m.to.startsWith('+614') ? 'mobile' : 'landline'),
      rate: (country, _currency, rateClass) => {
        asked.push(`${country}:${rateClass}`);
        return rateClass === 'mobile' ? 100_000 : 50_000;
      },
      columns: (m) => ({ to_number: m.to, country: m.country, file_url: m.fileUrl }),
    });
    const { items } = await classed.price(authOf(3), [{ to: '+61412345678' }, { to: '+61255501234' }, { to: '+61412345679' }]);
    assert.deepEqual(
      items.map((m) => m.priceMicros),
      [100_000, 50_000, 100_000],
    );
    assert.deepEqual(asked, ['AU:mobile', 'AU:landline']);
    await assert.rejects(
      classed.price(authOf(3), [{ to: '1' }, { to: '2' }, { to: '3' }, { to: '4' }]),
      (e: unknown) => e instanceof ApiError && e.responseCode === 'TOO_MANY_RECIPIENTS' && /at most 3/.test(e.message),
    );
  });

  it('expands list_id through the list port to the contacts with the channel address (fax_number), personalised, opt-out lists refused', async () => {
    const person = (contact_id: number, fax_number: string | null, first_name: string): ListContact =>
      ({
        ...Object.fromEntries(
          [
            'phone_number',
            'email',
            'last_name',
            'organization_name',
            'address_line_1',
            'address_line_2',
            'address_city',
            'address_state',
            'address_postal_code',
            'address_country',
            'custom_1',
            'custom_2',
            'custom_3',
            'custom_4',
          ].map((k) => [k, null]),
        ),
        contact_id,
        list_id: 9,
        fax_number,
        first_name,
      }) as ListContact;
    const contacts = [person(1, '+61255501301', 'Ann'), person(2, null, 'NoFax'), person(3, '+61255501303', 'Cy'), person(4, '+61255501304', 'Di')];
    // The port over an array the test owns (the contacts module's SQL one is exercised over HTTP): list 9 is account 4's.
    const lists: ContactListPort = {
      count: async (accountId, listId) => (accountId === 4 && listId === 9 ? contacts.length : null),
      page: async (accountId, listId, after, limit) => (accountId === 4 && listId === 9 ? contacts.filter((c) => c.contact_id > after).slice(0, limit) : null),
      optedOut: async (_exec, _accountId, addresses) => new Set(addresses.filter((a) => a === '+61255501304')),
      optOut: async () => {},
    };
    await db.insertInto('t_balances').values({ account_id: 4, balance_micros: START_BALANCE }).execute();
    const titles: string[] = [];
    const faxToLists = new MessageIntake({ db: h.db, clock, ledger, accounts: { findAccount: async (id: number) => ({ id, currency: 'AUD', default_country: 'AU' }) }, lists }, store, {
      ledgerProduct: 'fax',
      noun: 'Fax',
      contactAddress: 'fax_number',
      optOutLists: true,
      draft: (_account, base) => {
        titles.push(fillPlaceholders('Cover page for (First Name)', base.contact));
        return Object.assign(base, { fileUrl: 'u', units: 1, readIn: 'AU' });
      },
      recipient: (m) => ({ address: m.to, country: 'AU', isTest: false }),
      rate: () => PAGE_RATE,
      columns: (m) => ({ to_number: m.to, country: m.country, file_url: m.fileUrl }),
    });
    const { items } = await faxToLists.send(authOf(4), [{ list_id: 9, to: '+61255509999' }, { list_id: 8 }]);
    assert.deepEqual(
      items.map((m) => [m.to, m.contact?.contact_id ?? null, m.listId, m.status]),
      [
        ['+61255501301', 1, 9, 'SUCCESS'],
        ['+61255501303', 3, 9, 'SUCCESS'],
        ['+61255501304', 4, 9, 'INVALID_RECIPIENT'],
        ['', null, 8, 'NOT_ENOUGH_PERMISSION_TO_LIST_ID'],
      ],
    );
    assert.deepEqual(titles, ['Cover page for Ann', 'Cover page for Cy', 'Cover page for Di', 'Cover page for (First Name)']);
    assert.deepEqual(
      (await rowsOf(4)).map((r) => r.to_number),
      ['+61255501301', '+61255501303'],
    );
    assert.equal(await ledger.balance(4), START_BALANCE - 2 * PAGE_RATE);
  });

  it("lists and exports history with the channel's filter, only the caller's own messages", async () => {
    const page = await history.list(authOf(1), { status: 'Queued' }, { page: 1, limit: 15, offset: 0 });
    assert.equal(page.total, 1);
    assert.deepEqual(page.items, [{ message_id: (await rowsOf(1))[0]!.message_id, to: '+61255501234', status: 'Queued', message_pages: '3.00' }]);
    assert.equal((await history.list(authOf(1), {}, { page: 1, limit: 15, offset: 0 })).total, 3);
    const { url } = await history.export(authOf(2), { filename: 'faxes.csv' });
    assert.match(url, /^http:\/\/sendbox\.test\/files\/[^?]+\?filename=faxes\.csv$/);
    const name = new URL(url).pathname.split('/').pop()!;
    const csv = (await files.get(name))!.toString('utf8').trim().split(/\r?\n/);
    assert.equal(csv[0], 'message_id,to,status');
    assert.deepEqual(
      csv
        .slice(1)
        .map((l) => l.split(',').slice(1).join(','))
        .sort(),
      ['+61255501234,Queued', '+61255501236,Queued'],
    );
  });

  it('cancels a waiting message with a refund of its pages, once, and never another account\u2019s', async () => {
    const scheduled = (await rowsOf(1)).find((r) => r.status === 'Scheduled')!;
    await assert.rejects(cancel.cancelOne(authOf(2), scheduled.message_id), (e: unknown) => e instanceof ApiError && e.httpCode === 404 && /No Fax with message_id/.test(e.message));
    const balance = await ledger.balance(1);
    assert.equal(await cancel.cancelOne(authOf(1), scheduled.message_id.toLowerCase()), scheduled.message_id);
    assert.equal(await ledger.balance(1), balance + PAGE_RATE);
    const row = (await rowsOf(1)).find((r) => r.id === scheduled.id)!;
    assert.deepEqual([row.status, Number(row.status_code)], ['Cancelled', 301]);
    await assert.rejects(cancel.cancelOne(authOf(1), scheduled.message_id), (e: unknown) => e instanceof ApiError && e.httpCode === 400 && /it is Cancelled/.test(e.message));
    assert.equal(await ledger.balance(1), balance + PAGE_RATE, 'refunded once');
  });

  it('cancels everything waiting with one refund per subaccount', async () => {
    await intake.send(authOf(3, 31), [{ to: '+61255501234', file_url: 'u', pages: 1 }]);
    await intake.send(authOf(3, 32), [
      { to: '+61255501235', file_url: 'u', pages: 2, schedule: nowS + 60 },
      { to: '+61261111111', file_url: 'u' },
    ]);
    assert.equal(await ledger.balance(3), START_BALANCE - 3 * PAGE_RATE);
    assert.equal(await cancel.cancelAll(authOf(3)), 2, 'the Completed test message is not waiting');
    assert.equal(await ledger.balance(3), START_BALANCE);
    const refunds = (await ledger.entries()).filter((e) => Number(e.account_id) === 3 && Number(e.amount_micros) > 0);
    assert.deepEqual(refunds.map((e) => [Number(e.subaccount_id), Number(e.amount_micros), Number(e.quantity), e.description, e.reference]).sort(), [
      [31, PAGE_RATE, 1, 'Cancelled Fax: 1 message(s)', 'cancel-all'],
      [32, 2 * PAGE_RATE, 2, 'Cancelled Fax: 1 message(s)', 'cancel-all'],
    ]);
    assert.equal((await rowsOf(1)).filter((r) => r.status === 'Queued').length, 1, "another account's messages stay queued");
  });

  it('keeps receipts: a test receipt is listed unread until marked read; a message without one says so', async () => {
    assert.deepEqual(await receipts.addTest(authOf(1), 'https://hooks.test/r'), { status_code: '201' });
    await assert.rejects(receipts.addTest(authOf(1), 'ftp://nope'), (e: unknown) => e instanceof ApiError && e.httpCode === 400);
    const listed = await receipts.list(authOf(1), {}, { page: 1, limit: 15, offset: 0 });
    assert.equal(listed.total, 1);
    assert.equal((await receipts.list(authOf(2), {}, { page: 1, limit: 15, offset: 0 })).total, 0, 'receipts are per account');
    assert.deepEqual(await receipts.get(authOf(1), listed.items[0]!.message_id), { message_id: listed.items[0]!.message_id, status_code: '201' });
    const queued = (await rowsOf(1)).find((r) => r.status === 'Queued')!;
    await assert.rejects(receipts.get(authOf(1), queued.message_id), (e: unknown) => e instanceof ApiError && e.httpCode === 404 && /it is Queued/.test(e.message));
    await assert.rejects(receipts.get(authOf(1), 'NOPE'), (e: unknown) => e instanceof ApiError && /No Fax with message_id NOPE/.test(e.message));
    await receipts.markRead(authOf(1), undefined);
    assert.equal((await receipts.list(authOf(1), {}, { page: 1, limit: 15, offset: 0 })).total, 0);
  });
});
