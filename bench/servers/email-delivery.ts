/**
 * Sendbox as `sendbox serve` builds it, for the email-delivery scenario: the outbox (no SMTP_URL) or the relay the
 * parent passes in SMTP_URL. Before listening it measures delivery: BENCH_EMAILS emails queued (not timed), then the
 * real dispatcher started as `serve` starts it, timed until none is waiting (Queued or Processing), every one Sent.
 * The emails are queued on the system-email queue (system_emails, 1,000 rows a statement: an activation-style text
 * mail) — the queue every server has; the transactional queue and the campaign queue hand over through the same
 * provider. The API then serves with its dispatcher off.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { newDispatchValues } from '../../src/core/dispatch/index.js';
import { newMessageId } from '../../src/core/util/ids.js';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const N = Number(process.env.BENCH_EMAILS ?? 5_000);

try {
  const { config, dbh, services, listen } = await benchApp('sendbox-bench-email-', { DISPATCH: '0' });
  const owner = await createOwnerAccount(services, { username: 'benchemail', email: 'bench@example.com', country: 'AU' });
  const now = Math.floor(Date.now() / 1000);
  for (let start = 0; start < N; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, N - start) }, (_, k) => ({
      ...newDispatchValues(now, now),
      message_id: newMessageId(),
      account_id: owner.accountId,
      to_address: `customer${start + k}@example.com`,
      subject: `Your Sendbox activation code`,
      body_text: `Your activation code is ${String(100_000 + start + k)}.\n\nVerify with PUT /v3/account-verify/verify/${String(100_000 + start + k)}. It expires in one hour.\n`,
      created_at: now,
      sent_at: null,
    }));
    await dbh.db.insertInto('system_emails').values(rows).execute();
  }

  const count = async (statuses: string[]) => {
    const r = await dbh.db
      .selectFrom('system_emails')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', statuses)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
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
