/**
 * Sendbox as `sendbox serve` builds it (dispatcher running unless DISPATCH=0), for the postcards scenario: an
 * account with a balance for many 100-card sends, and a second account whose history holds 100,000 postcards,
 * seeded with batched inserts (no proofs, no print hand-off: rows as they are once Sent).
 */
import { sql } from 'kysely';
import { newMessageId } from '../../src/core/util/ids.js';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const HISTORY_CARDS = Number(process.env.BENCH_HISTORY_CARDS ?? 100_000);

try {
  const { config, dbh, services, listen } = await benchApp('sendbox-bench-post-', {
    // The PDFs are served from the parent on 127.0.0.1; every send costs 100 cards.
    ALLOW_PRIVATE_URLS: '1',
    SIGNUP_CREDIT: '999999999',
  });
  const sender = await createOwnerAccount(services, { username: 'benchsender', email: 'sender@example.com', country: 'AU' });
  const reader = await createOwnerAccount(services, { username: 'benchreader', email: 'reader@example.com', country: 'AU' });
  const address = { address_name: 'Bench Pty Ltd', address_line_1: '1 Maritime Avenue', address_city: 'Flynn', address_state: 'WA', address_postal_code: '6302', address_country: 'AU' };
  const senderRa = await services.returnAddresses.create(sender.accountId, address);
  const readerRa = await services.returnAddresses.create(reader.accountId, address);

  const started = Date.now();
  const now = Math.floor(Date.now() / 1000);
  const row = (i: number) => ({
    status: 'Sent',
    schedule_at: now - HISTORY_CARDS + i,
    claimed_by: 'seed',
    claimed_until: null,
    attempts: 1,
    next_attempt_at: 0,
    last_error: null,
    message_id: newMessageId(),
    account_id: reader.accountId,
    subaccount_id: reader.accountId,
    api_username: reader.username,
    address_name: `Recipient ${i}`,
    address_line_1: `${i} Scheuvront Drive`,
    address_line_2: '',
    address_city: 'PERTH',
    address_state: 'WA',
    address_postal_code: '6000',
    address_country: 'AU',
    return_address_id: readerRa.return_address_id,
    return_address_json: JSON.stringify(readerRa),
    file_name: '65889986-E306-4309-B229-FD9215EE1013.pdf',
    ip_address: '127.0.0.1',
    source: '.rest.v3',
    custom_string: i % 10 === 0 ? `order-${i}` : null,
    schedule: now - HISTORY_CARDS + i,
    schedule_given: 0,
    date_added: now - HISTORY_CARDS + i,
    price_micros: 2_950_000,
    currency: 'AUD',
    is_test: 0,
    print_ref: null,
    sent_at: now - HISTORY_CARDS + i,
    // A journey over, as most history is: history pays for presenting the events.
    tracking_stage: 'Delivered',
    tracking_events_json: JSON.stringify(['Printed', 'In transit', 'Delivered'].map((stage, k) => ({ stage, date: now - HISTORY_CARDS + i + 20 * (k + 1) }))),
    tracking_next_at: null,
    warnings_json: '[]',
  });
  for (let start = 0; start < HISTORY_CARDS; start += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, HISTORY_CARDS - start) }, (_, k) => row(start + k));
    await dbh.db.transaction().execute((trx) => services.postcards.repo.insertMany(rows, trx));
  }
  await sql`analyze postcards`.execute(dbh.db);
  const seedMs = Date.now() - started;

  await listen((origin) => ({
    origin,
    sender: { username: sender.username, apiKey: sender.apiKey, returnAddressId: senderRa.return_address_id },
    reader: { username: reader.username, apiKey: reader.apiKey },
    dialect: dbh.dialect,
    seeded: `${HISTORY_CARDS} postcards in ${seedMs} ms`,
    dispatcher: config.dispatch.enabled ? 'running (proofs and print hand-off in this process)' : 'off (DISPATCH=0)',
  }));
} catch (err) {
  reportFailure(err);
}
