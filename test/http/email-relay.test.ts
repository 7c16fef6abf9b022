import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { TemporaryFailure } from '../../src/core/dispatch/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { type Relay, startRelay } from '../helpers/smtp-relay.js';

const RELAY_USER = 'sendbox@relay.test';
const RELAY_PASS = 'relay-Secret:42';

/** System email (activation codes, password resets) leaving through SMTP_URL's relay, driven by dispatcher.runOnce(). */
describe('system email through an SMTP relay (SMTP_URL)', () => {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const clock = { nowMs: () => t };
  let s: TestServer;
  let relay: Relay;

  before(async () => {
    relay = await startRelay({ auth: { user: RELAY_USER, pass: RELAY_PASS } });
    s = await startServer({
      clock,
      env: {
        DISPATCH: '0',
        SMTP_URL: relay.url({ user: RELAY_USER, pass: RELAY_PASS }),
        EMAIL_FROM: 'Sendbox Test <no-reply@sendbox.test>',
        EMAIL_RETRY_BASE_MS: '5000',
        EMAIL_MAX_ATTEMPTS: '3',
      },
    });
  });
  after(async () => {
    await s?.close();
    await relay?.close();
  });

  const rows = () => s.dbh.db.selectFrom('system_emails').selectAll().orderBy('id').execute();
  const sendCode = async () => {
    const r = await s.request('PUT', '/v3/account-verify/send', { body: { country: 'AU', user_phone: '+61411111111', type: 'email' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data.activation_token as string;
  };

  it('delivers the activation code to the relay, logged in with the URL credentials, From EMAIL_FROM; nothing in the outbox', async () => {
    const code = await sendCode();
    const [row] = await rows();
    assert.equal(row!.status, 'Queued');
    await s.services.dispatcher.runOnce();

    assert.equal(relay.delivered.length, 1);
    const d = relay.delivered[0]!;
    assert.equal(d.user, RELAY_USER);
    assert.deepEqual(d.to, ['owner@example.com']);
    assert.equal(d.from, 'no-reply@sendbox.test');
    const m = await simpleParser(d.raw);
    assert.equal(m.subject, 'Your Sendbox activation code');
    assert.match(m.text ?? '', new RegExp(`Your activation code is ${code}\\.`));
    assert.equal(m.messageId, `<${row!.message_id}@sendbox.test>`);

    const [sent] = await rows();
    assert.equal(sent!.status, 'Sent');
    assert.equal(sent!.sent_at, Math.floor(t / 1000));
    assert.equal(fs.existsSync(path.join(s.dataDir, 'outbox')), false, 'with SMTP_URL set, nothing is captured');

    const verify = await s.request('PUT', `/v3/account-verify/verify/${code}`, {});
    assert.equal(verify.status, 200, JSON.stringify(verify.body));
  });

  it('keeps a mail the relay defers (451) Queued with the reason and a backoff of EMAIL_RETRY_BASE_MS, then delivers it', async () => {
    relay.behaviour = { data: () => ({ code: 451, text: '4.7.1 Greylisted, try again' }) };
    await sendCode();
    await s.services.dispatcher.runOnce();
    const row = (await rows()).at(-1)!;
    assert.equal(row.status, 'Queued');
    assert.equal(row.last_error, '451 4.7.1 Greylisted, try again');
    assert.equal(Number(row.next_attempt_at), t + 5000);

    relay.behaviour = {};
    await s.services.dispatcher.runOnce();
    assert.equal((await rows()).at(-1)!.status, 'Queued', 'not before the backoff');
    const before = relay.delivered.length;
    t += 5000;
    await s.services.dispatcher.runOnce();
    const done = (await rows()).at(-1)!;
    assert.equal(done.status, 'Sent');
    assert.equal(done.last_error, null);
    assert.equal(relay.delivered.length, before + 1);
  });

  it("fails a mail the relay refuses (550 on RCPT) with the relay's words, without retrying", async () => {
    relay.behaviour = { rcpt: (a) => ({ code: 550, text: `5.1.1 <${a}>: Recipient address rejected: User unknown` }) };
    await sendCode();
    await s.services.dispatcher.runOnce();
    const row = (await rows()).at(-1)!;
    assert.equal(row.status, 'Failed');
    assert.equal(row.last_error, '550 5.1.1 <owner@example.com>: Recipient address rejected: User unknown');
    assert.equal(Number(row.attempts), 1);
    relay.behaviour = {};
  });

  it('gives up after EMAIL_MAX_ATTEMPTS when the relay keeps deferring', async () => {
    relay.behaviour = { rcpt: () => ({ code: 450, text: '4.2.0 Mailbox busy' }) };
    await sendCode();
    for (let i = 0; i < 3; i++) {
      await s.services.dispatcher.runOnce();
      t += 60_000;
    }
    const row = (await rows()).at(-1)!;
    assert.equal(row.status, 'Failed');
    assert.equal(row.last_error, '450 4.2.0 Mailbox busy (gave up after 3 attempts)');
    relay.behaviour = {};
  });

  it("closing the server closes the provider's pool (the notifications module's close hook)", async () => {
    const provider = s.services.emailProvider;
    assert.equal(provider.kind, 'smtp');
    await s.close();
    const err = await provider.send({ to: 'x@example.com', subject: 's', text: 't' }, 'after-close').then(
      () => assert.fail('a closed provider sent'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TemporaryFailure, String(err));
  });
});
