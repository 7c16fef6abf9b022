/**
 * Sendbox as `sendbox serve` builds it, for the contacts scenario. Before listening it seeds one account with
 * BENCH_CONTACTS contacts (default 1,000,000: names from a pool, AU mobiles, e-mails) with multi-row inserts,
 * in one big list plus an export list of BENCH_EXPORT_LIST contacts (default 50,000), and times one export of
 * the big list (reported as a fact). The API then serves with its dispatcher off.
 */
import { sql } from 'kysely';
import { isPostgres } from '../../src/core/db/index.js';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import type { NewContact } from '../../src/modules/contacts/contacts.tables.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const TOTAL = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const EXPORT_LIST = Number(process.env.BENCH_EXPORT_LIST ?? 50_000);

// 250 × 400 names: "john" matches ~1/250 of the book, "john sm" far fewer, as in a real address book.
const FIRST = Array.from(
  { length: 250 },
  (_, i) => `${['John', 'Mary', 'Alex', 'Sam', 'Ellen', 'Chris', 'Pat', 'Lee', 'Kim', 'Jo'][i % 10]}${i < 10 ? '' : String.fromCharCode(97 + (i % 26))}${i < 26 ? '' : i}`,
);
const LAST = Array.from({ length: 400 }, (_, i) => `${['Smith', 'Jones', 'Brown', 'Taylor', 'Wilson', 'Nguyen', 'Diaz', 'Martin'][i % 8]}${i < 8 ? '' : i}`);

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

try {
  const { dbh, services, listen } = await benchApp('sendbox-bench-contacts-', { DISPATCH: '0' });
  const owner = await createOwnerAccount(services, { username: 'benchcontacts', email: 'contacts@example.com', country: 'AU' });
  const auth = { accountId: owner.accountId, subaccountId: null } as never;
  const big = await services.lists.create(auth, { list_name: 'Everyone' });
  const small = await services.lists.create(auth, { list_name: 'Export me' });
  const now = Math.floor(Date.now() / 1000);
  const contact = (i: number, listId: number): NewContact => ({
    account_id: owner.accountId,
    list_id: listId,
    phone_number: `+614${String(10_000_000 + i).padStart(8, '0')}`,
    email: `user${i}@example${i % 50}.com`,
    fax_number: null,
    first_name: FIRST[i % FIRST.length]!,
    last_name: LAST[Math.floor(i / FIRST.length) % LAST.length]!,
    organization_name: i % 5 === 0 ? `Company ${i % 1000}` : null,
    address_line_1: i % 3 === 0 ? `${i % 500} George St` : null,
    address_line_2: null,
    address_city: i % 3 === 0 ? 'Sydney' : null,
    address_state: i % 3 === 0 ? 'NSW' : null,
    address_postal_code: i % 3 === 0 ? '2000' : null,
    address_country: 'AU',
    // Every 100th holds a formula, so the export pays for neutralising too.
    custom_1: i % 100 === 0 ? '=HYPERLINK("http://x")' : `ref-${i}`,
    custom_2: null,
    custom_3: null,
    custom_4: null,
    created_at: now,
    updated_at: now,
  });
  // Rows per INSERT: 19 columns each, under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
  const perInsert = isPostgres(dbh.db) ? 3000 : 1500;
  const seed = async (from: number, to: number, listId: number) => {
    for (let start = from; start < to; start += 30_000) {
      await dbh.db.transaction().execute(async (trx) => {
        for (let s = start; s < Math.min(start + 30_000, to); s += perInsert) {
          const rows = Array.from({ length: Math.min(perInsert, to - s) }, (_, k) => contact(s + k, listId));
          await trx.insertInto('contacts').values(rows).execute();
        }
      });
    }
  };
  let t = performance.now();
  await seed(0, TOTAL - EXPORT_LIST, big.list_id);
  await seed(TOTAL - EXPORT_LIST, TOTAL, small.list_id);
  await sql`analyze contacts`.execute(dbh.db);
  // PostgreSQL answers index-only only for pages its visibility map knows (autovacuum would do it in a while).
  if (isPostgres(dbh.db)) await sql`vacuum contacts`.execute(dbh.db);
  const seedMs = performance.now() - t;

  t = performance.now();
  await services.contactsExport.export(auth, big.list_id, 'everyone.csv');
  const exportMs = performance.now() - t;
  const bigCount = TOTAL - EXPORT_LIST;

  await listen((origin) => ({
    origin,
    user: { username: owner.username, apiKey: owner.apiKey },
    exportList: small.list_id,
    exportListSize: EXPORT_LIST,
    dialect: dbh.dialect,
    seeded: `${TOTAL.toLocaleString('en-US')} contacts in one account in ${(seedMs / 1000).toFixed(1)} s = ${rate(TOTAL, seedMs)} (multi-row inserts, analyze${isPostgres(dbh.db) ? ', vacuum' : ''})`,
    bigExport: `list of ${bigCount.toLocaleString('en-US')} exported once in ${(exportMs / 1000).toFixed(1)} s = ${rate(bigCount, exportMs)} contacts/s`,
  }));
} catch (err) {
  reportFailure(err);
}
