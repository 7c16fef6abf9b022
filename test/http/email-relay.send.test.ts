import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type AddressObject, simpleParser } from 'mailparser';
import { capturedEmail, deliverEmails, emailBody, verifiedSender } from '../helpers/email.js';
import { selfSignedCert } from '../helpers/self-signed-cert.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { type Relay, startRelay } from '../helpers/smtp-relay.js';

/**
 * POST /email/send end to end through SMTP_URL: the HTTP request, the email_messages queue, the shared SMTP provider
 * and a real smtp-server on loopback; outcomes read back from /email/history. The dispatcher is driven by runOnce()
 * and the clock is injected, so retries are reached by moving time, not by waiting.
 */

const names = (a: AddressObject | AddressObject[] | undefined) => [a ?? []].flat().flatMap((o) => o.value.map((v) => `${v.name} <${v.address}>`));

/** The last mail the relay received for `address`, as text (for verifiedSender). */
const mailFrom = (relay: Relay) => async (_s: TestServer, address: string) => {
  const got = relay.delivered.filter((d) => d.to.includes(address)).at(-1);
  assert.ok(got, `the relay got a mail to ${address}`);
  return got.raw.toString('utf8');
};

describe('POST /email/send through SMTP_URL to a loopback relay', () => {
  let t = Date.UTC(2030, 5, 1);
  const clock = { nowMs: () => t };
  let s: TestServer;
  let relay: Relay;
  let fromId: number;

  before(async () => {
    relay = await startRelay({ auth: { user: 'relay', pass: 'relay pass' } });
    s = await startServer({
      clock,
      env: {
        DISPATCH: '0',
        SMTP_URL: relay.url({ user: 'relay', pass: 'relay pass' }),
        EMAIL_SMTP_POOL_SIZE: '2',
        EMAIL_SMTP_TIMEOUT_MS: '1000',
        EMAIL_RETRY_BASE_MS: '10000',
      },
    });
    fromId = await verifiedSender(s, 'orders@shop.example', undefined, mailFrom(relay));
  });
  after(async () => {
    await s?.close();
    await relay?.close();
  });

  const send = async (body: Record<string, unknown>) => {
    const r = await s.request('POST', '/v3/email/send', { body });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data.message_id as string;
  };
  const history = async (id: string) => (await s.request('GET', `/v3/email/history?q=message_id:${id}`)).body.data.data[0];
  const deliveredOf = (id: string) => relay.delivered.filter((d) => d.raw.includes(id));

  it('delivers the email as composed (names, Bcc in the envelope only, derived text, attachments intact): Sent in history', async () => {
    const pdf = randomBytes(20_000);
    const logo = randomBytes(2_000);
    const id = await send({
      ...emailBody(fromId, [{ email: 'ann@example.net', name: 'Ann Smith' }, { email: 'test1@test.com' }]),
      from: { email_address_id: fromId, name: 'Shop Ünïcode' },
      cc: [{ email: 'cat@example.net', name: 'Cat Jones' }],
      bcc: [{ email: 'audit@example.net', name: 'Audit' }],
      subject: 'Ihre Bestellung — заказ №42',
      body: '<h1>Thanks!</h1><p>Your order <b>#42</b> has shipped.</p><img src="cid:logo">',
      attachments: [
        { content: pdf.toString('base64'), type: 'application/pdf', filename: 'invoice 42.pdf', disposition: 'attachment' },
        { content: logo.toString('base64'), type: 'image/png', filename: 'logo.png', disposition: 'inline', content_id: 'logo' },
      ],
    });
    await deliverEmails(s);

    const [d] = deliveredOf(id);
    assert.ok(d, 'the relay received it');
    assert.equal(d.user, 'relay', 'logged in with the URL credentials');
    assert.equal(d.from, 'orders@shop.example');
    assert.deepEqual(d.to.sort(), ['ann@example.net', 'audit@example.net', 'cat@example.net'], 'the test address is never delivered');
    const m = await simpleParser(d.raw, { skipImageLinks: true });
    assert.deepEqual(names(m.from), ['Shop Ünïcode <orders@shop.example>']);
    assert.deepEqual(names(m.to), ['Ann Smith <ann@example.net>'], 'test addresses are left out of the headers too');
    assert.deepEqual(names(m.cc), ['Cat Jones <cat@example.net>']);
    assert.equal(m.headers.has('bcc'), false);
    assert.doesNotMatch(d.raw.toString('latin1'), /audit@example\.net/);
    assert.equal(m.subject, 'Ihre Bestellung — заказ №42');
    assert.match(m.text ?? '', /Your order #42 has shipped\./i, 'the plain-text part is derived from the HTML');
    assert.match(m.html || '', /<b>#42<\/b>/);
    const pdfPart = m.attachments.find((a) => a.filename === 'invoice 42.pdf');
    const logoPart = m.attachments.find((a) => a.filename === 'logo.png');
    assert.ok(pdfPart?.content.equals(pdf), 'the PDF arrives byte-identical');
    assert.equal(pdfPart?.contentDisposition, 'attachment');
    assert.ok(logoPart?.content.equals(logo), 'the inline image arrives byte-identical');
    assert.deepEqual([logoPart?.contentDisposition, logoPart?.cid], ['inline', 'logo']);
    assert.equal(await capturedEmail(s, id), undefined, 'nothing captured in the outbox');

    const h = await history(id);
    assert.equal(h.status, 'Sent');
  });

  it("fails an email every recipient of which the relay refuses (550 on RCPT), with the relay's words in history", async () => {
    relay.behaviour = { rcpt: (a) => ({ code: 550, text: `5.1.1 <${a}>: Recipient address rejected: User unknown` }) };
    try {
      const id = await send(emailBody(fromId, [{ email: 'gone@example.net' }]));
      await deliverEmails(s);
      const h = await history(id);
      assert.equal(h.status, 'Failed');
      assert.match(h.status_text, /550 5\.1\.1 <gone@example\.net>: Recipient address rejected: User unknown/);
      assert.equal(deliveredOf(id).length, 0);
    } finally {
      relay.behaviour = {};
    }
  });

  it('retries an email the relay does not answer within EMAIL_SMTP_TIMEOUT_MS, and delivers it after the backoff', async () => {
    relay.behaviour = { data: () => 'hang' };
    const id = await send(emailBody(fromId, [{ email: 'slow@example.net' }]));
    await deliverEmails(s);
    let h = await history(id);
    assert.notEqual(h.status, 'Failed');
    assert.notEqual(h.status, 'Sent');
    assert.match(h._error, /timeout/i);
    relay.behaviour = {};
    await deliverEmails(s);
    assert.equal(deliveredOf(id).length, 0, 'not before the backoff');
    t += 10_000;
    await deliverEmails(s);
    h = await history(id);
    assert.equal(h.status, 'Sent');
    assert.equal(deliveredOf(id).length, 1);
  });

  it('retries an email whose connection dropped mid-DATA, then delivers it once', async () => {
    relay.behaviour = { data: () => 'drop' };
    // The relay cuts the connection at the message's first bytes: the client is mid-DATA, waiting for the answer.
    const id = await send(emailBody(fromId, [{ email: 'dropped@example.net' }]));
    await deliverEmails(s);
    let h = await history(id);
    assert.notEqual(h.status, 'Sent');
    assert.notEqual(h.status, 'Failed');
    assert.ok(h._error, 'the reason is kept');
    relay.behaviour = {};
    t += 10_000;
    await deliverEmails(s);
    h = await history(id);
    assert.equal(h.status, 'Sent', JSON.stringify(h));
    assert.equal(deliveredOf(id).length, 1);
  });

  it('carries many emails over at most EMAIL_SMTP_POOL_SIZE connections', async () => {
    await deliverEmails(s); // connections closed by the failures above are gone
    const before = relay.connections;
    const ids = [];
    for (let i = 0; i < 30; i++) ids.push(await send(emailBody(fromId, [{ email: `reader${i}@example.net` }])));
    await deliverEmails(s);
    for (const id of ids) assert.equal(deliveredOf(id).length, 1);
    assert.ok(relay.connections - before <= 2, `${relay.connections - before} new connections for 30 emails`);
  });
});

describe('POST /email/send through smtps:// to a relay with a self-signed certificate', () => {
  let s: TestServer;
  let relay: Relay;
  before(async () => {
    relay = await startRelay({ tls: { ...selfSignedCert(), mode: 'implicit' } });
    s = await startServer({ env: { DISPATCH: '0', SMTP_URL: relay.url({ query: 'tls.rejectUnauthorized=false' }) } });
  });
  after(async () => {
    await s?.close();
    await relay?.close();
  });

  it('delivers over TLS when SMTP_URL says tls.rejectUnauthorized=false', async () => {
    const fromId = await verifiedSender(s, 'tls@shop.example', undefined, mailFrom(relay));
    const r = await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: 'secure@example.net' }]) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await deliverEmails(s);
    const d = relay.delivered.find((x) => x.to.includes('secure@example.net'));
    assert.ok(d, 'the relay received it');
    assert.equal(d.secure, true);
    const h = (await s.request('GET', `/v3/email/history?q=message_id:${r.body.data.message_id}`)).body.data.data[0];
    assert.equal(h.status, 'Sent');
  });
});
