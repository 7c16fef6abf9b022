import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { OutboxEmailProvider, type OutgoingEmail, SmtpEmailProvider } from '../../src/providers/email/index.js';
import { type Relay, startRelay } from '../helpers/smtp-relay.js';

const FROM = 'Sendbox <no-reply@sendbox.test>';

/** The message with what differs per composition blanked: the MIME boundaries (random) and the Date (the clock). */
function normalised(raw: Buffer): string {
  const text = raw.toString('latin1');
  const boundaries = [...text.matchAll(/boundary="([^"]+)"/g)].map((m) => m[1]!);
  let out = text.replace(/^Date: .*$/m, 'Date: <date>');
  boundaries.forEach((b, i) => {
    out = out.split(b).join(`<boundary ${i}>`);
  });
  return out.replace(/\r\n/g, '\n').trimEnd();
}

describe('the outbox and the relay get the same MIME', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-outbox-'));
  let relay: Relay;
  let smtp: SmtpEmailProvider;
  after(async () => {
    await smtp?.close();
    await relay?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes <key>.eml with the headers, parts and attachments the relay receives (boundaries and Date aside)', async () => {
    relay = await startRelay();
    smtp = new SmtpEmailProvider({ url: relay.url(), poolSize: 1, ratePerSecond: 0, timeoutMs: 10_000, defaultFrom: FROM });
    const outbox = new OutboxEmailProvider(dir, FROM);
    const email: OutgoingEmail = {
      from: { address: 'news@shop.example', name: 'Shop Ünïcode' },
      to: [{ address: 'ann@example.com', name: 'Ann Smith' }],
      cc: [{ address: 'cat@example.com' }],
      bcc: [{ address: 'hidden@example.com' }],
      subject: 'Grüße — ваш заказ',
      text: 'Plain ✓',
      html: '<p>HTML ✓ <img src="cid:logo@shop"></p>',
      attachments: [
        { filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 fake'), disposition: 'attachment' },
        { filename: 'logo.png', contentType: 'image/png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]), disposition: 'inline', contentId: 'logo@shop' },
      ],
      headers: { 'List-Unsubscribe': '<https://sendbox.test/u/abc>' },
    };
    const captured = await outbox.send(email, 'email-msg-7');
    const relayed = await smtp.send(email, 'email-msg-7');
    assert.equal(captured.messageId, relayed.messageId);
    assert.equal(captured.response, 'captured');

    const file = fs.readFileSync(outbox.pathFor('email-msg-7'));
    const wire = relay.delivered[0]!.raw;
    assert.equal(normalised(file), normalised(wire));
    // And the structure a mail client sees is the same.
    const [a, b] = await Promise.all([simpleParser(file, { skipImageLinks: true }), simpleParser(wire, { skipImageLinks: true })]);
    assert.equal(a.messageId, '<email-msg-7@shop.example>');
    assert.equal(a.messageId, b.messageId);
    assert.equal(a.subject, b.subject);
    assert.equal(a.html, b.html);
    assert.deepEqual(
      a.attachments.map((x) => [x.filename, x.contentType, x.contentDisposition, x.cid, x.content.toString('hex')]),
      b.attachments.map((x) => [x.filename, x.contentType, x.contentDisposition, x.cid, x.content.toString('hex')]),
    );
    assert.doesNotMatch(file.toString('latin1'), /hidden@example\.com/, 'a Bcc is no header in the outbox either');

    // Sending the same key again captures nothing new.
    const mtime = fs.statSync(outbox.pathFor('email-msg-7')).mtimeMs;
    await outbox.send({ ...email, subject: 'changed' }, 'email-msg-7');
    assert.equal(fs.statSync(outbox.pathFor('email-msg-7')).mtimeMs, mtime);
    assert.doesNotMatch(fs.readFileSync(outbox.pathFor('email-msg-7'), 'latin1'), /^Subject: changed/m);
  });
});
