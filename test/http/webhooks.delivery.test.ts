import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { drain, enqueue, push, receipt } from '../helpers/webhooks.js';

describe('webhook delivery', () => {
  let s: TestServer;
  let rx: WebhookReceiver;

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0', ALLOW_PRIVATE_URLS: '1' } });
    rx = await startWebhookReceiver();
  });
  after(async () => {
    await s.close();
    await rx.close();
  });

  it('POSTs a queued receipt to the receiver once and marks it delivered', async () => {
    const [eventId] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    await drain(s);
    assert.equal(rx.requests.length, 1);
    const got = rx.requests[0]!;
    assert.equal(got.method, 'POST');
    assert.equal(got.headers['x-sendbox-event-id'], eventId);
    const row = await s.dbh.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId!).executeTakeFirstOrThrow();
    assert.equal(row.status, 'Sent');
    assert.equal(Number(row.last_http_status), 200);
  });
});
