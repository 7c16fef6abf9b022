/**
 * Sendbox as `sendbox serve` builds it, for the automations scenario. Before listening it measures the SMS
 * dispatcher (queued messages handed to the simulated network, then their receipts applied by the sweep, one process,
 * runOnce passes) for an account without automation rules and for one with an enabled URL receipt rule (every
 * receipt fires it: a webhook delivery row written in the sweep's transaction), alternating, BENCH_AUTOMATIONS_ROUNDS
 * rounds of BENCH_AUTOMATIONS_N messages each. The deliveries are then pushed to a loopback receiver (outside the
 * timed part, reported on its own): what a receipt rule costs the dispatcher is the firing in the sweep.
 * BENCH_AUTOMATIONS_TRACE=1 prints each round's dispatch and sweep times (stderr).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { newMessageId } from '../../src/core/util/ids.js';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import type { NewSmsMessage } from '../../src/modules/sms/sms.tables.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const N = Number(process.env.BENCH_AUTOMATIONS_N ?? 5_000);
const ROUNDS = Number(process.env.BENCH_AUTOMATIONS_ROUNDS ?? 3);

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/receipts`;

  const { config, dbh, services, listen } = await benchApp('sendbox-bench-automations-', {
    SIGNUP_CREDIT: '999999999',
    SMS_RECEIPT_DELAY_MS: '0',
    ALLOW_PRIVATE_URLS: '1',
  });
  const plain = await createOwnerAccount(services, { username: 'benchautoplain', email: 'plain@example.com', country: 'AU' });
  const ruled = await createOwnerAccount(services, { username: 'benchautoruled', email: 'ruled@example.com', country: 'AU' });
  const nowS = () => Math.floor(Date.now() / 1000);
  await dbh.db
    .insertInto('automation_rules')
    .values({
      account_id: ruled.accountId,
      kind: 'sms_receipt',
      rule_name: 'all receipts to my URL',
      dedicated_number: null,
      message_search_type: null,
      message_search_term: null,
      match_type: 0,
      action: 'URL',
      action_address: hookUrl,
      body: null,
      webhook_type: null,
      enabled: 1,
      created_at: nowS(),
      updated_at: nowS(),
    })
    .execute();

  const row = (account: { accountId: number; username: string }, i: number): NewSmsMessage => ({
    status: 'Queued',
    schedule_at: nowS() - 1,
    attempts: 0,
    next_attempt_at: 0,
    message_id: newMessageId(),
    account_id: account.accountId,
    subaccount_id: account.accountId,
    api_username: account.username,
    to_number: `+6141${String(2_000_000 + (i % 100_000)).padStart(7, '0')}`,
    from_sender: null,
    body: `Your appointment is confirmed for tomorrow at 10:${String(i % 60).padStart(2, '0')}.`,
    country: 'AU',
    message_parts: 1,
    price_micros: 77_000,
    custom_string: i % 10 === 0 ? `order-${i}` : null,
    source: null,
    from_email: null,
    created_at: nowS(),
    throttle_key: i,
  });

  /** N messages of the account queued, then dispatched and receipted: messages + receipts per second. */
  async function round(account: { accountId: number; username: string }) {
    for (let start = 0; start < N; start += 10_000) {
      const rows = Array.from({ length: Math.min(10_000, N - start) }, (_, k) => row(account, start + k));
      await dbh.db.transaction().execute((trx) => services.sms.repo.insertMessages(trx, rows));
    }
    const t = performance.now();
    let handed = 0;
    for (let r = await services.dispatcher.runOnce(); r.claimed > 0; r = await services.dispatcher.runOnce()) handed += r.claimed;
    const t2 = performance.now();
    let receipted = 0;
    for (let n = await services.sms.receiptSweep.runOnce(); n > 0; n = await services.sms.receiptSweep.runOnce()) receipted += n;
    const end = performance.now();
    if (process.env.BENCH_AUTOMATIONS_TRACE) console.error(`${account.username}: dispatch ${Math.round(t2 - t)} ms, sweep ${Math.round(end - t2)} ms`);
    return rate(handed + receipted, end - t);
  }

  /** The deliveries the ruled rounds queued, pushed to the receiver (not part of the dispatcher's figure). */
  async function drain() {
    const t = performance.now();
    let delivered = 0;
    for (let r = await services.dispatcher.runOnce(); r.claimed > 0; r = await services.dispatcher.runOnce()) delivered += r.claimed;
    return { delivered, ms: performance.now() - t };
  }

  await round(plain); // warm-up: compiled statements, caches, JIT
  const without: number[] = [];
  const withRule: number[] = [];
  let pushed = { delivered: 0, ms: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    without.push(await round(plain));
    withRule.push(await round(ruled));
    const d = await drain();
    pushed = { delivered: pushed.delivered + d.delivered, ms: pushed.ms + d.ms };
  }
  const deliveries = await dbh.db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', ruled.accountId)
    .executeTakeFirstOrThrow();
  const w = median(without);
  const r = median(withRule);

  await listen((origin) => ({
    origin,
    owner: { username: ruled.username, apiKey: ruled.apiKey },
    dialect: dbh.dialect,
    without: `${fmt(w)}/s (median of ${ROUNDS} rounds: ${without.map(fmt).join(', ')})`,
    withRule: `${fmt(r)}/s (median of ${ROUNDS} rounds: ${withRule.map(fmt).join(', ')})`,
    ratio: `${(r / w).toFixed(2)} (goal ≥ 0.80)`,
    deliveries: `${fmt(Number(deliveries.n))} webhook deliveries queued by the rule (one per receipt); ${fmt(pushed.delivered)} claims delivering them to a loopback receiver in ${fmt(Math.round(pushed.ms))} ms, after the timed part`,
    batch: `DISPATCH_BATCH=${config.dispatch.batchSize}, ${fmt(N)} messages a round`,
  }));
} catch (err) {
  reportFailure(err);
}
