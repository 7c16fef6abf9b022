import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { killAll, type ReadyChild } from '../helpers/process.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/sms.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { enqueue, push, receipt, startWorker } from '../helpers/webhooks.js';

const TOTAL = 1_000;

/**
 * 1,000 queued pushes, a `sendbox worker` killed (SIGKILL) while it delivers them, another started: every event
 * reaches the receiver at least once, and what arrives twice carries the same event id and the same body, so the
 * receiver can drop it.
 */
describe('webhook deliveries killed mid-flight and restarted', () => {
  let s: TestServer;
  let rx: WebhookReceiver;
  const workers: ReadyChild[] = [];
  before(async () => {
    // The server only accepts; delivery runs in the worker processes the test kills.
    s = await startServer({ env: { DISPATCH: '0' } });
    // A little time per answer, so a kill finds requests in flight.
    rx = await startWebhookReceiver(() => ({ status: 200, body: 'OK', delayMs: 5 }));
  });
  after(async () => {
    killAll(workers);
    await s.close();
    await rx.close();
  });

  it('delivers each of 1,000 pending pushes at least once; duplicates carry the same event id', async (t) => {
    const ids = await enqueue(
      s,
      Array.from({ length: TOTAL }, (_, i) => push(receipt(s.owner.accountId, { messageId: `CRASH-${i}` }), rx.url)),
    );
    const env = {
      DATA_DIR: s.dataDir,
      ...(s.config.databaseUrl ? { DATABASE_URL: s.config.databaseUrl } : {}),
      LOG_LEVEL: 'info',
      ALLOW_PRIVATE_URLS: '1',
      DISPATCH_LEASE_MS: '1500',
      DISPATCH_POLL_MS: '20',
      WEBHOOK_CONCURRENCY: '16',
      SMTP_LISTEN_PORT: '0',
    };
    const rows = () => s.dbh.db.selectFrom('webhook_deliveries').select(['event_id', 'status', 'attempts']).execute();

    const first = await startWorker(env);
    workers.push(first);
    await rx.waitFor(300);
    first.proc.kill('SIGKILL');
    await first.exited;
    const receivedAtKill = rx.requests.length;
    const orphaned = new Set((await rows()).filter((r) => r.status === 'Processing').map((r) => r.event_id));
    assert.ok(receivedAtKill < TOTAL, `killed mid-delivery (${receivedAtKill}/${TOTAL} received)`);
    assert.ok(orphaned.size > 0, 'the kill left claimed deliveries behind');

    const second = await startWorker(env);
    workers.push(second);
    await waitFor('every delivery to be Delivered', async () => ((await rows()).every((r) => r.status === 'Sent') ? true : undefined), 120_000);
    second.proc.kill('SIGTERM');
    assert.equal(await second.exited, 0, 'the second worker stops gracefully');

    const byEvent = new Map<string, string[]>();
    for (const r of rx.requests) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r.body]);
    assert.deepEqual([...byEvent.keys()].sort(), [...ids].sort(), 'every event arrived, under its own event id, and nothing else');
    const repeated = [...byEvent].filter(([, bodies]) => bodies.length > 1);
    for (const [id, bodies] of repeated) {
      assert.ok(orphaned.has(id), `event ${id} arrived twice though the kill did not orphan it`);
      assert.equal(new Set(bodies).size, 1, `event ${id} carried the same payload each time`);
    }
    t.diagnostic(`killed with ${receivedAtKill}/${TOTAL} received and ${orphaned.size} claims orphaned; ${repeated.length} events arrived twice (same event id)`);
  });
});
