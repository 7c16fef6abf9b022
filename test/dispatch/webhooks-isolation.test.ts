import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile, sendSms, waitFor } from '../helpers/sms.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { enqueue, push, receipt } from '../helpers/webhooks.js';

const statusOf = async (s: TestServer, ids: string[]) => (await s.dbh.db.selectFrom('webhook_deliveries').select(['event_id', 'status']).where('event_id', 'in', ids).execute()).map((r) => r.status);

/**
 * A receiver that never answers, with the dispatcher running as in `sendbox serve`: deliveries wait on their own loop
 * and lanes, so SMS keep being handed off and another account's pushes keep arriving while the dead receiver holds
 * its requests open (a 60 s timeout: longer than the test, so the hang lasts throughout).
 */
describe('a hanging webhook receiver', () => {
  let s: TestServer;
  let dead: WebhookReceiver;
  let healthy: WebhookReceiver;

  before(async () => {
    s = await startServer({ env: { ALLOW_PRIVATE_URLS: '1', WEBHOOK_TIMEOUT_MS: '60000', WEBHOOK_CONCURRENCY: '4', DISPATCH_POLL_MS: '20', SMS_RECEIPT_DELAY_MS: '0' } });
    dead = await startWebhookReceiver(() => 'hang');
    healthy = await startWebhookReceiver();
  });
  after(async () => {
    // Closing the dead receiver ends its requests, so the dispatcher's stop() need not wait for the timeout.
    await dead.close();
    await s.close();
    await healthy.close();
  });

  it('holds up neither SMS dispatch nor another account’s deliveries', async () => {
    const victim = await s.createAccount('wh-dead-receiver');
    // Three of the four lanes hang: with a wait for the whole claimed batch, nothing queued after them would move.
    await enqueue(
      s,
      [1, 2, 3].map(() => push(receipt(victim.accountId), dead.url)),
    );
    await dead.waitFor(3);

    const sent = await sendSms(
      s,
      Array.from({ length: 20 }, (_, i) => ({ to: mobile(i), body: `still flowing ${i}` })),
    );
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const ids = sent.body.data.messages.map((m: any) => m.message_id as string);
    await waitFor('the 20 SMS to be handed off', async () => {
      const rows = await s.dbh.db.selectFrom('sms_messages').select('status').where('message_id', 'in', ids).execute();
      return rows.length === 20 && rows.every((r) => r.status === 'Sent') ? true : undefined;
    });

    const other = await s.createAccount('wh-healthy-receiver');
    const pushes = await enqueue(
      s,
      Array.from({ length: 30 }, () => push(receipt(other.accountId), healthy.url)),
    );
    await waitFor('the other account’s 30 pushes to arrive', async () => ((await statusOf(s, pushes)).every((x) => x === 'Sent') ? true : undefined));
    assert.equal(healthy.requests.length, 30);
    assert.equal(dead.requests.length, 3, 'the hanging requests are still the only ones the dead receiver got');
    assert.deepEqual(
      await statusOf(
        s,
        dead.requests.map((r) => r.eventId),
      ),
      ['Processing', 'Processing', 'Processing'],
    );
  });
});
