/**
 * Sendbox as `sendbox serve` builds it, for the sms scenario. Before listening it
 * - measures the dispatcher: BENCH_SMS_DISPATCH queued messages handed to the simulated network by the real
 *   SMS channel (runOnce passes, one process, DISPATCH_BATCH as configured), then their receipts applied by the sweep;
 * - seeds a reader account whose history holds BENCH_SMS_HISTORY messages (default 1,000,000) spread over 30
 *   days, with batched inserts, so GET /sms/history can be loaded with a one-day date filter.
 * The API then serves with its dispatcher off unless DISPATCH=1: the send target measures what an API process accepts.
 */
import { sql } from 'kysely';
import { newMessageId } from '../../src/core/util/ids.js';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import type { NewSmsMessage } from '../../src/modules/sms/sms.tables.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const HISTORY = Number(process.env.BENCH_SMS_HISTORY ?? 1_000_000);
const DISPATCH_N = Number(process.env.BENCH_SMS_DISPATCH ?? 20_000);
const SPAN_S = 30 * 86_400;

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

try {
  const { config, dbh, services, listen } = await benchApp('sendbox-bench-sms-', {
    SIGNUP_CREDIT: '999999999',
    // Receipts due at once, so the sweep's own throughput is what is measured.
    SMS_RECEIPT_DELAY_MS: '0',
  });
  const sender = await createOwnerAccount(services, { username: 'benchsmssender', email: 'sender@example.com', country: 'AU' });
  const reader = await createOwnerAccount(services, { username: 'benchsmsreader', email: 'reader@example.com', country: 'AU' });
  const repo = services.sms.repo;
  const now = Math.floor(Date.now() / 1000);
  const row = (account: { accountId: number; username: string }, i: number, createdAt: number, status: string): NewSmsMessage => ({
    status,
    schedule_at: createdAt,
    attempts: status === 'Queued' ? 0 : 1,
    next_attempt_at: 0,
    message_id: newMessageId(),
    account_id: account.accountId,
    subaccount_id: account.accountId,
    api_username: account.username,
    to_number: `+6141${String(2_000_000 + (i % 100_000)).padStart(7, '0')}`,
    from_sender: i % 3 === 0 ? 'Sendbox' : null,
    body: `Your appointment is confirmed for tomorrow at 10:${String(i % 60).padStart(2, '0')}. Reply STOP to opt out.`,
    country: 'AU',
    message_parts: 1,
    price_micros: 77_000,
    custom_string: i % 10 === 0 ? `order-${i}` : null,
    source: null,
    from_email: null,
    created_at: createdAt,
    throttle_key: i,
    ...(status === 'Sent' ? { status_code: 201, sent_at: createdAt, receipt_at: createdAt + 2 } : {}),
  });
  const insert = async (rows: NewSmsMessage[]) => dbh.db.transaction().execute((trx) => repo.insertMessages(trx, rows));

  // The dispatcher: queued messages → the simulated network → receipts.
  for (let start = 0; start < DISPATCH_N; start += 10_000) {
    await insert(Array.from({ length: Math.min(10_000, DISPATCH_N - start) }, (_, k) => row(sender, start + k, now - 1, 'Queued')));
  }
  let t = performance.now();
  let handed = 0;
  for (let r = await services.dispatcher.runOnce(); r.claimed > 0; r = await services.dispatcher.runOnce()) handed += r.claimed;
  const dispatchMs = performance.now() - t;
  t = performance.now();
  let receipted = 0;
  for (let n = await services.sms.receiptSweep.runOnce(); n > 0; n = await services.sms.receiptSweep.runOnce()) receipted += n;
  const receiptMs = performance.now() - t;

  // History: HISTORY messages over 30 days.
  t = performance.now();
  const base = now - SPAN_S;
  for (let start = 0; start < HISTORY; start += 20_000) {
    await insert(Array.from({ length: Math.min(20_000, HISTORY - start) }, (_, k) => row(reader, start + k, base + Math.floor(((start + k) * SPAN_S) / HISTORY), 'Sent')));
  }
  await sql`analyze sms_messages`.execute(dbh.db);
  const seedMs = performance.now() - t;
  const day = { from: base + 15 * 86_400, to: base + 16 * 86_400 - 1 };
  const inDay = Math.round((HISTORY * 86_400) / SPAN_S);

  await listen((origin) => ({
    origin,
    sender: { username: sender.username, apiKey: sender.apiKey },
    reader: { username: reader.username, apiKey: reader.apiKey },
    day,
    dialect: dbh.dialect,
    dispatch: `${handed.toLocaleString('en-US')} messages Queued → Sent in ${Math.round(dispatchMs)} ms = ${rate(handed, dispatchMs)} (one process, DISPATCH_BATCH=${config.dispatch.batchSize})`,
    receipts: `${receipted.toLocaleString('en-US')} receipts applied in ${Math.round(receiptMs)} ms = ${rate(receipted, receiptMs)}`,
    seeded: `${HISTORY.toLocaleString('en-US')} messages over 30 days (~${inDay.toLocaleString('en-US')} a day) in ${Math.round(seedMs / 1000)} s`,
    dispatcher: config.dispatch.enabled ? 'running' : 'off while loaded (DISPATCH=0: an API process)',
  }));
} catch (err) {
  reportFailure(err);
}
