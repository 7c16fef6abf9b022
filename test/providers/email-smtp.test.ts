import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { type AddressObject, simpleParser } from 'mailparser';
import { PermanentFailure, TemporaryFailure } from '../../src/core/dispatch/index.js';
import { type OutgoingEmail, SmtpEmailProvider } from '../../src/providers/email/index.js';
import { selfSignedCert } from '../helpers/self-signed-cert.js';
import { type Relay, startRelay } from '../helpers/smtp-relay.js';

const FROM = 'Sendbox <no-reply@sendbox.test>';
const opened: { close(): Promise<void> }[] = [];

async function relay(opts?: Parameters<typeof startRelay>[0]): Promise<Relay> {
  const r = await startRelay(opts);
  opened.push(r);
  return r;
}

/** A provider on this URL (closed after the file); timeout small where a test waits for it. */
function provider(url: string, o: { poolSize?: number; timeoutMs?: number } = {}): SmtpEmailProvider {
  const p = new SmtpEmailProvider({ url, poolSize: o.poolSize ?? 2, ratePerSecond: 0, timeoutMs: o.timeoutMs ?? 10_000, defaultFrom: FROM });
  opened.unshift(p);
  return p;
}

const simple = (to = 'ann@example.com'): OutgoingEmail => ({ to, subject: 'Hello', text: 'Hello there' });

/** The failure a send ended with (the test fails if it succeeded). */
async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    (r) => assert.fail(`expected a failure, got ${JSON.stringify(r)}`),
    (e: unknown) => e as Error,
  );
}

function addresses(a: AddressObject | AddressObject[] | undefined) {
  return [a ?? []].flat().flatMap((o) => o.value.map((v) => ({ name: v.name, address: v.address })));
}

after(async () => {
  for (const o of opened) await o.close();
});

describe('SmtpEmailProvider against a real SMTP server on loopback', () => {
  it('delivers the composed message: named From/To/Cc, Bcc only in the envelope, non-ASCII subject, alternative text+html, attachments intact, extra headers', async () => {
    const r = await relay();
    const p = provider(r.url());
    const pdf = randomBytes(40_000);
    const logo = randomBytes(3_000);
    const email: OutgoingEmail = {
      from: { address: 'news@shop.example', name: 'Shop Ünïcode' },
      to: [{ address: 'ann@example.com', name: 'Ann Smith' }, { address: 'bob@example.com' }],
      cc: [{ address: 'cat@example.com', name: 'Cat, the Boss' }],
      bcc: [{ address: 'hidden@example.com', name: 'Hidden' }],
      replyTo: { address: 'help@shop.example' },
      subject: 'Grüße — ваш заказ 🚚',
      text: 'Plain part ✓',
      html: '<p>HTML part ✓ <img src="cid:logo@shop"></p>',
      attachments: [
        { filename: 'Rechnung März.pdf', contentType: 'application/pdf', content: pdf, disposition: 'attachment' },
        { filename: 'logo.png', contentType: 'image/png', content: logo, disposition: 'inline', contentId: 'logo@shop' },
      ],
      headers: { 'List-Unsubscribe': '<https://sendbox.test/u/abc>, <mailto:unsub@shop.example?subject=abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
    const res = await p.send(email, 'email-msg-1');
    assert.equal(res.messageId, 'email-msg-1@shop.example');
    assert.match(res.response, /^250 2\.0\.0 Ok: queued as Q1/);
    assert.equal(res.rejected, undefined);

    assert.equal(r.delivered.length, 1);
    const d = r.delivered[0]!;
    assert.equal(d.from, 'news@shop.example');
    assert.deepEqual(d.to.sort(), ['ann@example.com', 'bob@example.com', 'cat@example.com', 'hidden@example.com']);
    const head = d.raw.toString('latin1').split('\r\n\r\n')[0]!;
    assert.doesNotMatch(head, /^bcc:/im, 'no Bcc header');
    assert.doesNotMatch(d.raw.toString('latin1'), /hidden@example\.com/, 'the Bcc address appears nowhere in the message');
    assert.match(head, /^Content-Type: multipart\/mixed/m);

    const m = await simpleParser(d.raw, { skipImageLinks: true });
    assert.deepEqual(addresses(m.from), [{ name: 'Shop Ünïcode', address: 'news@shop.example' }]);
    assert.deepEqual(addresses(m.to), [
      { name: 'Ann Smith', address: 'ann@example.com' },
      { name: '', address: 'bob@example.com' },
    ]);
    assert.deepEqual(addresses(m.cc), [{ name: 'Cat, the Boss', address: 'cat@example.com' }]);
    assert.deepEqual(addresses(m.replyTo), [{ name: '', address: 'help@shop.example' }]);
    assert.equal(m.subject, email.subject);
    assert.equal(m.messageId, '<email-msg-1@shop.example>');
    assert.equal(m.text?.trim(), 'Plain part ✓');
    assert.equal(m.html, email.html);
    assert.match(d.raw.toString('latin1'), /Content-Type: multipart\/alternative/);
    // Unfolded (RFC 5322 §2.2.3): a long header may be folded onto continuation lines.
    const lines = new Map(m.headerLines.map((h) => [h.key, h.line.replace(/\r\n(?=[ \t])/g, '')]));
    assert.equal(lines.get('list-unsubscribe'), `List-Unsubscribe: ${email.headers!['List-Unsubscribe']}`);
    assert.equal(lines.get('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    assert.equal(m.attachments.length, 2);
    const [a, b] = [m.attachments.find((x) => x.contentType === 'application/pdf')!, m.attachments.find((x) => x.contentType === 'image/png')!];
    assert.equal(a.filename, 'Rechnung März.pdf');
    assert.equal(a.contentDisposition, 'attachment');
    assert.ok(a.content.equals(pdf), 'the PDF is byte-identical after decoding');
    assert.equal(b.filename, 'logo.png');
    assert.equal(b.contentDisposition, 'inline');
    assert.equal(b.cid, 'logo@shop');
    assert.ok(b.content.equals(logo), 'the inline image is byte-identical after decoding');
  });

  it('keeps the Message-ID of a key across sends (a retry), and takes EMAIL_FROM when the email names no From', async () => {
    const r = await relay();
    const p = provider(r.url());
    await p.send(simple(), 'system-email-42');
    await p.send(simple(), 'system-email-42');
    const [one, two] = await Promise.all(r.delivered.map((d) => simpleParser(d.raw)));
    assert.equal(one!.messageId, '<system-email-42@sendbox.test>');
    assert.equal(two!.messageId, one!.messageId);
    assert.deepEqual(addresses(one!.from), [{ name: 'Sendbox', address: 'no-reply@sendbox.test' }]);
    assert.equal(r.delivered[0]!.from, 'no-reply@sendbox.test');
  });

  it("logs in with the URL's credentials (percent-encoded); a refused login is temporary and never shows the password", async () => {
    const pass = 'p@ss:w/rd%S3cr3t';
    const r = await relay({ auth: { user: 'relay-user@example.com', pass } });
    await provider(r.url({ user: 'relay-user@example.com', pass })).send(simple(), 'auth-ok');
    assert.equal(r.delivered.length, 1);
    assert.equal(r.delivered[0]!.user, 'relay-user@example.com');

    const err = await failure(provider(r.url({ user: 'relay-user@example.com', pass: 'wrong-S3cr3t' })).send(simple(), 'auth-bad'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.match(err.message, /refused the SMTP login: 535 5\.7\.8 Authentication credentials invalid/);
    assert.doesNotMatch(err.message, /S3cr3t/);
    assert.equal(r.delivered.length, 1);
  });

  it("turns a 550 on RCPT into a PermanentFailure carrying the relay's words", async () => {
    const r = await relay();
    r.behaviour = { rcpt: (a) => ({ code: 550, text: `5.1.1 <${a}>: Recipient address rejected` }) };
    const err = await failure(provider(r.url()).send(simple('gone@example.com'), 'rcpt-550'));
    assert.ok(err instanceof PermanentFailure, String(err));
    assert.equal(err.message, '550 5.1.1 <gone@example.com>: Recipient address rejected');
    assert.equal(r.delivered.length, 0);
  });

  it('turns a 554 at the end of DATA into a PermanentFailure carrying the reason', async () => {
    const r = await relay();
    r.behaviour = { data: () => ({ code: 554, text: '5.7.1 Message rejected as spam' }) };
    const err = await failure(provider(r.url()).send(simple(), 'data-554'));
    assert.ok(err instanceof PermanentFailure, String(err));
    assert.equal(err.message, '554 5.7.1 Message rejected as spam');
  });

  it('delivers to the accepted recipients when the relay refuses some, and returns the refused ones', async () => {
    const r = await relay();
    r.behaviour = { rcpt: (a) => (a.startsWith('no') ? { code: 550, text: '5.1.1 unknown user' } : undefined) };
    const res = await provider(r.url()).send({ ...simple(), to: [{ address: 'yes@example.com' }, { address: 'no@example.com' }], cc: [{ address: 'nope@example.com' }] }, 'partial');
    assert.deepEqual([...(res.rejected ?? [])].sort(), ['no@example.com', 'nope@example.com']);
    assert.deepEqual(r.delivered[0]!.to, ['yes@example.com']);
  });

  it('turns a 451 into a TemporaryFailure; the same message goes through once the relay accepts again', async () => {
    const r = await relay();
    const p = provider(r.url());
    r.behaviour = { data: () => ({ code: 451, text: '4.3.0 Try again later' }) };
    const err = await failure(p.send(simple(), 'greylisted'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.equal(err.message, '451 4.3.0 Try again later');
    r.behaviour = {};
    const res = await p.send(simple(), 'greylisted');
    assert.equal(res.messageId, 'greylisted@sendbox.test');
    assert.equal(r.delivered.length, 1);
  });

  it('turns a relay that does not answer within EMAIL_SMTP_TIMEOUT_MS into a TemporaryFailure', async () => {
    const r = await relay();
    r.behaviour = { data: () => 'hang' };
    const err = await failure(provider(r.url(), { timeoutMs: 300 }).send(simple(), 'slow'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.match(err.message, /timeout|timed out/i);
    assert.equal(r.delivered.length, 0);
  });

  it('turns a connection dropped mid-DATA into a TemporaryFailure, without re-sending it by itself', async () => {
    const r = await relay();
    r.behaviour = { data: () => 'drop' };
    const err = await failure(provider(r.url()).send({ ...simple(), text: 'x'.repeat(200_000) }, 'dropped'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.equal(r.delivered.length, 0);
    assert.equal(r.connections, 1, 'nodemailer did not requeue the message on a new connection');
  });

  it('turns a refused connection into a TemporaryFailure', async () => {
    const r = await startRelay();
    const url = r.url({ user: 'u', pass: 'Hunter2Secret' });
    await r.close();
    const err = await failure(provider(url).send(simple(), 'refused'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.match(err.message, /ECONNREFUSED/);
    assert.doesNotMatch(err.message, /Hunter2Secret/);
  });

  it('fails every send as temporary while the relay refuses connections, more sends than the pool has connections, and delivers once it is back', async () => {
    const down = await startRelay();
    const port = down.port;
    await down.close();
    const p = provider(`smtp://127.0.0.1:${port}`, { poolSize: 2 });
    // Each refused connect used to stay in the pool, busy for ever: past the pool size, sends never settled.
    const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => p.send(simple(), `down-${i}`)));
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(r.reason instanceof TemporaryFailure, String(r.reason));
      assert.match(r.reason.message, /ECONNREFUSED/);
    }
    const back = await relay({ port });
    await Promise.all(Array.from({ length: 5 }, (_, i) => p.send(simple(), `back-${i}`)));
    assert.equal(back.delivered.length, 5, 'the pool reconnects: no dead connection left behind');
  });

  it('retries a relay that greets with 554 (its set-up, not the message), and fails an email with no recipient for good', async () => {
    const refusing = net.createServer((socket) => socket.end('554 5.3.2 No SMTP service here\r\n'));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    opened.push({ close: () => new Promise<void>((r) => refusing.close(() => r())) });
    const port = (refusing.address() as AddressInfo).port;
    const err = await failure(provider(`smtp://127.0.0.1:${port}`).send(simple(), 'greeting-554'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.match(err.message, /554 5\.3\.2 No SMTP service here/);

    const r = await relay();
    const none = await failure(provider(r.url()).send({ ...simple(), to: [] }, 'no-recipient'));
    assert.ok(none instanceof PermanentFailure, String(none));
    assert.match(none.message, /no recipients/i);
  });

  it('reuses pooled connections: many messages over at most EMAIL_SMTP_POOL_SIZE connections', async () => {
    const r = await relay();
    const p = provider(r.url(), { poolSize: 3 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => p.send(simple(`r${i}@example.com`), `pooled-${i}`)));
    assert.equal(r.delivered.length, 40);
    assert.ok(r.connections <= 3, `${r.connections} connections`);
    const before = r.connections;
    for (let i = 0; i < 5; i++) await p.send(simple(), `pooled-seq-${i}`);
    assert.equal(r.connections, before, 'one after another, the open connections carry them');
  });

  it('speaks TLS from the first byte on smtps://; a self-signed certificate needs tls.rejectUnauthorized=false', async () => {
    const r = await relay({ tls: { ...selfSignedCert(), mode: 'implicit' } });
    const err = await failure(provider(r.url()).send(simple(), 'tls-untrusted'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.match(err.message, /self[- ]signed/i);
    assert.equal(r.delivered.length, 0);

    await provider(r.url({ query: 'tls.rejectUnauthorized=false' })).send(simple(), 'tls-accepted');
    assert.equal(r.delivered.length, 1);
    assert.equal(r.delivered[0]!.secure, true);
  });

  it('upgrades smtp:// with STARTTLS when the relay offers it; requireTLS=true refuses a relay that does not', async () => {
    const tlsRelay = await relay({ tls: { ...selfSignedCert(), mode: 'starttls' } });
    await provider(tlsRelay.url({ query: 'tls.rejectUnauthorized=false' })).send(simple(), 'starttls');
    assert.equal(tlsRelay.delivered[0]!.secure, true);

    const plain = await relay();
    await provider(plain.url()).send(simple(), 'plain');
    assert.equal(plain.delivered[0]!.secure, false);
    const err = await failure(provider(plain.url({ query: 'requireTLS=true' })).send(simple(), 'require-tls'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.match(err.message, /STARTTLS/);
    assert.equal(plain.delivered.length, 1);
  });

  it('close() closes the pool, is idempotent, and refuses later sends as temporary', async () => {
    const r = await relay();
    const p = provider(r.url());
    await p.close(); // never opened
    const q = provider(r.url());
    await q.send(simple(), 'before-close');
    await q.close();
    await q.close();
    const err = await failure(q.send(simple(), 'after-close'));
    assert.ok(err instanceof TemporaryFailure, String(err));
    assert.equal(r.delivered.length, 1);
  });
});
