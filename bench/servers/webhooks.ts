/**
 * Sendbox as `sendbox serve` builds it, for the webhooks scenario. Before listening it measures webhook delivery:
 * BENCH_WEBHOOKS (default 20,000) pushes queued through the real outbox (services.webhooks.enqueue, 1,000 a
 * transaction: a third inbound SMS as a form POST, a third as JSON, a third SMS receipts), then the real dispatcher
 * started as `serve` starts it, timed until every delivery is Delivered at BENCH_WEBHOOK_URL (a loopback receiver
 * in the parent process, answering 200). The API then serves the delivery log with its dispatcher off.
 */
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookRequest } from '../../src/core/messaging/index.js';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const N = Number(process.env.BENCH_WEBHOOKS ?? 20_000);
const URL = process.env.BENCH_WEBHOOK_URL!;

try {
  const { config, dbh, services, listen } = await benchApp('sendbox-bench-webhooks-', { ALLOW_PRIVATE_URLS: '1', DISPATCH: '0' });
  const owner = await createOwnerAccount(services, { username: 'benchwebhooks', email: 'hooks@example.com', country: 'AU' });
  const accountId = owner.accountId;
  const now = Math.floor(Date.now() / 1000);
  const request = (i: number): WebhookRequest => {
    const messageId = `0000${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`.slice(-36);
    const kind = i % 3;
    if (kind === 2) {
      const event = {
        type: 'receipt',
        channel: 'sms',
        accountId,
        subaccountId: accountId,
        messageId,
        status: 'Delivered',
        statusCode: 201,
        statusText: 'Success: Message received on handset.',
        errorCode: null,
        errorText: null,
        customString: `order-${i}`,
        timestampSend: now - 5,
        timestamp: now,
        recipient: '+61411111111',
      } as const;
      return { accountId, event, url: URL, webhookType: 'post', rule: { kind: 'sms_receipt', id: 1 } };
    }
    const event = {
      type: 'sms.inbound',
      accountId,
      subaccountId: accountId,
      messageId,
      from: '+61422222222',
      to: '+61411111111',
      body: `Yes, see you at ${i % 12} o'clock`,
      originalMessageId: messageId,
      originalBody: 'Are you coming?',
      customString: null,
      fromEmail: null,
      timestamp: now,
    } as const;
    return { accountId, event, url: URL, webhookType: kind === 0 ? 'post' : 'json', rule: { kind: 'sms_inbound', id: 2 } };
  };
  for (let start = 0; start < N; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, N - start) }, (_, k) => request(start + k));
    await dbh.db.transaction().execute((trx) => services.webhooks.enqueue(trx, batch));
  }

  const pending = async () => {
    const r = await dbh.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['Queued', 'Processing'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const t = performance.now();
  services.dispatcher.start();
  while ((await pending()) > 0) await sleep(100);
  const ms = performance.now() - t;
  await services.dispatcher.stop();
  const delivered = await dbh.db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'Sent')
    .executeTakeFirstOrThrow();
  if (Number(delivered.n) !== N) throw new Error(`${N - Number(delivered.n)} of ${N} deliveries did not end Delivered`);
  await sql`analyze webhook_deliveries`.execute(dbh.db);

  await listen((origin) => ({
    origin,
    owner: { username: owner.username, apiKey: owner.apiKey },
    dialect: dbh.dialect,
    delivered: N,
    ms: Math.round(ms),
    perSecond: Math.round((N / ms) * 1000),
    concurrency: config.webhooks.concurrency,
    batch: config.dispatch.batchSize,
  }));
} catch (err) {
  reportFailure(err);
}
