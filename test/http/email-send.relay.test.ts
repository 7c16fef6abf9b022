import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { accountIdOf, createRule, startReceiver } from '../helpers/automations-firing.js';
import { capturedEmail, deliverEmails, emailBody, verifiedSender } from '../helpers/email.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { type Relay, startRelay } from '../helpers/smtp-relay.js';

/** Transactional email through a real SMTP relay (smtp-server on loopback): outcomes, bounces, receipts and their automation rules. */
describe('transactional email through an SMTP relay', () => {
  let t = Date.UTC(2030, 2, 1);
  const clock = { nowMs: () => t };
  let s: TestServer;
  let relay: Relay;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let fromId: number;

  /** The verification mail to `address` as the relay received it. */
  const relayMail = async (_s: TestServer, address: string) => {
    const got = relay.delivered.filter((d) => d.to.includes(address)).at(-1);
    assert.ok(got, `the relay got a mail to ${address}`);
    return got.raw.toString('utf8');
  };
  const send = async (body: Record<string, unknown>) => {
    const r = await s.request('POST', '/v3/email/send', { body });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data.message_id as string;
  };
  const historyOf = async (id: string) => (await s.request('GET', `/v3/email/history?q=message_id:${id}`)).body.data.data[0];
  const receiptsOf = (id: string) => s.services.email.repo.receiptsOf(s.owner.accountId, id);
  const pushesFor = (id: string) => receiver.got.filter((g) => g.body.includes(id));
  const drainWebhooks = async () => {
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
  };

  before(async () => {
    relay = await startRelay();
    receiver = await startReceiver();
    s = await startServer({ clock, env: { DISPATCH: '0', SMTP_URL: relay.url(), EMAIL_RETRY_BASE_MS: '60000', EMAIL_MAX_ATTEMPTS: '2', ALLOW_PRIVATE_URLS: '1' } });
    fromId = await verifiedSender(s, 'relay-sender@example.com', undefined, relayMail);
    await accountIdOf(s, s.owner);
    // Every email receipt (match_type 0) is pushed to the loopback receiver.
    await createRule(s, s.owner, 'email/receipts', { match_type: 0, action: 'URL', action_address: receiver.url });
  });
  after(async () => {
    await s?.close();
    await relay?.close();
    await receiver?.close();
  });

  it('hands an accepted email to the relay (bcc in the envelope only, test addresses nowhere): Sent, Delivered receipts, each rule push once', async () => {
    const id = await send(emailBody(fromId, [{ email: 'to@example.net' }, { email: 'test2@test.com' }], { bcc: [{ email: 'hidden@example.net' }] }));
    await deliverEmails(s);
    const got = relay.delivered.find((d) => d.raw.includes(id));
    assert.ok(got, 'the relay received it');
    assert.deepEqual(got.to.sort(), ['hidden@example.net', 'to@example.net']);
    assert.equal(got.from, 'relay-sender@example.com');
    const mail = await simpleParser(got.raw);
    assert.equal(mail.headers.has('bcc'), false);
    assert.equal(await capturedEmail(s, id), undefined, 'nothing in the outbox when SMTP_URL is set');
    const h = await historyOf(id);
    assert.deepEqual([h.status, h.status_text, h.hard_bounce_count], ['Sent', 'Email added to outgoing mail queue for delivery', 0]);
    assert.deepEqual((await receiptsOf(id)).map((r) => [r.email, r.status]).sort(), [
      ['hidden@example.net', 'Delivered'],
      ['to@example.net', 'Delivered'],
    ]);

    await drainWebhooks();
    await deliverEmails(s); // a second sweep finds nothing more to fire
    await drainWebhooks();
    const pushes = pushesFor(id);
    assert.equal(pushes.length, 2, 'one push per receipt, once');
    assert.ok(
      pushes.every((p) => /message_type=email/.test(p.body) && /status=Delivered/.test(p.body)),
      pushes.map((p) => p.body).join('\n'),
    );
  });

  it("fails an email the relay refuses (5xx) with the relay's words, Undelivered receipts and hard bounces", async () => {
    relay.behaviour = { data: () => ({ code: 554, text: '5.7.1 Message rejected as spam' }) };
    try {
      const id = await send(emailBody(fromId, [{ email: 'a@example.net' }], { cc: [{ email: 'b@example.net' }] }));
      await deliverEmails(s);
      const h = await historyOf(id);
      assert.equal(h.status, 'Failed');
      assert.match(h.status_text, /Message rejected as spam/);
      assert.equal(h.hard_bounce_count, 2);
      const receipts = await receiptsOf(id);
      assert.deepEqual(
        receipts.map((r) => r.status),
        ['Undelivered', 'Undelivered'],
      );
      await drainWebhooks();
      assert.ok(pushesFor(id).every((p) => /status=Undelivered/.test(p.body)) && pushesFor(id).length === 2);
    } finally {
      relay.behaviour = {};
    }
  });

  it('bounces only the recipient the relay refuses at RCPT and delivers the rest', async () => {
    relay.behaviour = { rcpt: (a) => (a === 'nobody@example.net' ? { code: 550, text: '5.1.1 <nobody@example.net>: Recipient address rejected' } : undefined) };
    try {
      const id = await send(emailBody(fromId, [{ email: 'ok@example.net' }, { email: 'nobody@example.net' }]));
      await deliverEmails(s);
      const h = await historyOf(id);
      assert.deepEqual([h.status, h.hard_bounce_count], ['Sent', 1]);
      assert.deepEqual((await receiptsOf(id)).map((r) => [r.email, r.status]).sort(), [
        ['nobody@example.net', 'Undelivered'],
        ['ok@example.net', 'Delivered'],
      ]);
    } finally {
      relay.behaviour = {};
    }
  });

  it('retries a temporary refusal (4xx) after the backoff, then delivers', async () => {
    relay.behaviour = { data: () => ({ code: 451, text: '4.3.0 Try again later' }) };
    const id = await send(emailBody(fromId, [{ email: 'later@example.net' }]));
    await deliverEmails(s);
    let h = await historyOf(id);
    assert.equal(h.status, 'WaitApproval', 'queued again, not failed');
    assert.match(h._error, /Try again later/);
    assert.deepEqual(await receiptsOf(id), []);
    relay.behaviour = {};
    t += 61_000;
    await deliverEmails(s);
    h = await historyOf(id);
    assert.equal(h.status, 'Sent');
    assert.equal(h._error, null);
    assert.ok(relay.delivered.some((d) => d.raw.includes(id)));
  });

  it('gives up after EMAIL_MAX_ATTEMPTS temporary refusals: Failed, soft bounces, Undelivered receipts', async () => {
    relay.behaviour = { data: () => ({ code: 421, text: '4.7.0 Too busy' }) };
    try {
      const id = await send(emailBody(fromId, [{ email: 'busy@example.net' }]));
      await deliverEmails(s);
      t += 3_600_000;
      await deliverEmails(s);
      const h = await historyOf(id);
      assert.deepEqual([h.status, h.soft_bounce_count, h.hard_bounce_count], ['Failed', 1, 0]);
      assert.deepEqual(
        (await receiptsOf(id)).map((r) => r.status),
        ['Undelivered'],
      );
    } finally {
      relay.behaviour = {};
    }
  });
});
