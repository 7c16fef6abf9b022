/**
 * Sendbox as `sendbox serve` builds it, for the email-delivery scenario: the outbox (no SMTP_URL) or the relay the
 * parent passes in SMTP_URL. Before listening it measures delivery: BENCH_EMAILS emails accepted through
 * POST /v3/email/send (app.inject: the real route, validation, pricing, charge and row; not timed), then the real
 * dispatcher started as `serve` starts it (the email queue, the receipt sweep and every other task), timed until no
 * email is waiting (Queued or Processing) and every one is Sent. The API then serves with its dispatcher off.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const N = Number(process.env.BENCH_EMAILS ?? 5_000);

try {
  const { app, config, dbh, services, listen } = await benchApp('sendbox-bench-email-', { DISPATCH: '0' });
  const owner = await createOwnerAccount(services, { username: 'benchemail', email: 'bench@example.com', country: 'AU' });
  await services.ledger.credit({ accountId: owner.accountId, amountMicros: 1_000_000 * 1_000_000, description: 'bench credit' });
  const now = Math.floor(Date.now() / 1000);
  // Marked verified in the database: the bench measures delivery, not the verification mail.
  const sender = await dbh.db
    .insertInto('email_addresses')
    .values({
      account_id: owner.accountId,
      subaccount_id: null,
      email_address: 'orders@shop.example',
      email_key: 'orders@shop.example',
      verified: 1,
      date_added: now,
      token_hash: null,
      token_expires_at: null,
      token_attempts: 0,
      mint_window_start: 0,
      mint_count: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const authorization = `Basic ${Buffer.from(`${owner.username}:${owner.apiKey}`).toString('base64')}`;
  const body = (i: number) => ({
    to: [{ email: `customer${i}@example.net`, name: `Customer ${i}` }],
    from: { email_address_id: Number(sender.id), name: 'Shop' },
    subject: `Your order #${10_000 + i} has shipped`,
    body: `<h1>Good news</h1><p>Your order <b>#${10_000 + i}</b> has shipped and will arrive on Thursday. <a href="https://example.com/track/${10_000 + i}">Track it</a>.</p>`,
    custom_string: `order-${10_000 + i}`,
  });
  for (let start = 0; start < N; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, N - start) }, async (_, k) => {
        const r = await app.inject({ method: 'POST', url: '/v3/email/send', headers: { authorization }, payload: body(start + k) });
        if (r.statusCode !== 200) throw new Error(`POST /v3/email/send answered ${r.statusCode}: ${r.body}`);
      }),
    );
  }

  const count = async (statuses: string[]) => {
    const r = await dbh.db
      .selectFrom('email_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', statuses)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  if ((await count(['Queued'])) !== N) throw new Error(`expected ${N} queued emails`);
  const t = performance.now();
  const cpu = process.cpuUsage();
  services.dispatcher.start();
  while ((await count(['Queued', 'Processing'])) > 0) await sleep(20);
  const ms = performance.now() - t;
  // CPU time per email (main thread + libuv pool): what the rate would be with a core to itself, on a shared machine.
  const used = process.cpuUsage(cpu);
  await services.dispatcher.stop();
  const sent = await count(['Sent']);
  if (sent !== N) throw new Error(`${N - sent} of ${N} emails did not end Sent`);
  const provider = services.emailProvider.kind;
  const files = provider === 'outbox' ? fs.readdirSync(path.join(config.dataDir, 'outbox')).filter((f) => f.endsWith('.eml')).length : null;

  await listen((origin) => ({
    origin,
    owner: { username: owner.username, apiKey: owner.apiKey },
    dialect: dbh.dialect,
    provider,
    delivered: N,
    files,
    ms: Math.round(ms),
    perSecond: Math.round((N / ms) * 1000),
    cpuPerEmailUs: Math.round((used.user + used.system) / N),
    concurrency: config.email.concurrency,
    poolSize: config.email.smtpPoolSize,
    batch: config.dispatch.batchSize,
  }));
} catch (err) {
  reportFailure(err);
}
