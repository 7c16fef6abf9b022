import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresUrl } from '../helpers/database.js';
import { killAll, type ReadyChild } from '../helpers/process.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/sms.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { enqueue, push, receipt, startWorker } from '../helpers/webhooks.js';

const TOTAL = 1_000;

/**
 * Two `sendbox worker` processes on one PostgreSQL database deliver one outbox: the receiver records any event id
 * that was being received twice at the same moment; there must be none, and every event arrives.
 */
describe('two `sendbox worker` processes delivering webhooks', {
  skip: postgresUrl ? false : 'needs PostgreSQL: set DATABASE_URL (SQLite has a single writer, scale-out is PostgreSQL only)',
}, () => {
  let s: TestServer;
  let rx: WebhookReceiver;
  const workers: ReadyChild[] = [];
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
    rx = await startWebhookReceiver(() => ({ status: 200, body: 'OK', delayMs: 3 }));
  });
  after(async () => {
    killAll(workers);
    await s.close();
    await rx.close();
  });

  it('never deliver one event from both at once, and between them deliver every event', async (t) => {
    const env = {
      DATA_DIR: s.dataDir,
      DATABASE_URL: s.config.databaseUrl!,
      LOG_LEVEL: 'info',
      ALLOW_PRIVATE_URLS: '1',
      DISPATCH_POLL_MS: '20',
      DISPATCH_BATCH: '25',
      WEBHOOK_CONCURRENCY: '16',
      SMTP_LISTEN_PORT: '0',
    };
    workers.push(...(await Promise.all([startWorker(env), startWorker(env)])));
    const ids = await enqueue(
      s,
      Array.from({ length: TOTAL }, (_, i) => push(receipt(s.owner.accountId, { messageId: `W-${i}` }), rx.url)),
    );
    const rows = () => s.dbh.db.selectFrom('webhook_deliveries').select(['event_id', 'status', 'attempts', 'claimed_by']).execute();
    await waitFor('every delivery to be Delivered', async () => ((await rows()).every((r) => r.status === 'Sent') ? true : undefined), 120_000);
    for (const w of workers) w.proc.kill('SIGTERM');
    assert.deepEqual(await Promise.all(workers.map((w) => w.exited)), [0, 0], 'both stop gracefully');

    assert.deepEqual(rx.overlaps, [], 'no event was being delivered by both workers at once');
    const received = new Set(rx.requests.map((r) => r.eventId));
    assert.deepEqual([...received].sort(), [...ids].sort(), 'every event arrived');
    const final = await rows();
    assert.ok(
      final.every((r) => Number(r.attempts) === 1),
      'each delivery claimed once',
    );
    assert.equal(rx.requests.length, TOTAL, 'so each event arrived once');
    const by = new Set(final.map((r) => r.claimed_by));
    assert.deepEqual(by, new Set(workers.map((w) => w.id)), 'both workers delivered some');
    t.diagnostic(`deliveries per worker: ${workers.map((w) => final.filter((r) => r.claimed_by === w.id).length).join(' / ')}`);
  });
});
