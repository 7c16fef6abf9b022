import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { plainTextOf } from '../../src/core/messaging/index.js';
import { capturedEmail, deliverEmails, emailBody, money, verifiedSender } from '../helpers/email.js';
import { keyedPost } from '../helpers/idempotency.js';
import { gradientPng } from '../helpers/png-writer.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** POST /email/send end to end: the stored record, the charge, the captured message, test addresses, schedules. */
describe('transactional email: send and delivery', () => {
  let s: TestServer;
  let fromId: number;
  let rate: number;
  let t = Date.UTC(2030, 0, 1);
  const clock = { nowMs: () => t };

  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0' } });
    fromId = await verifiedSender(s, 'sender@example.com');
    rate = s.services.pricing.emailRateMicros('AU', 'AUD');
  });
  after(() => s.close());

  it('sends an HTML email with cc, bcc and attachments: documented record, one charge per real recipient, the captured MIME byte-identical', async () => {
    const png = gradientPng(8, 8);
    const text = Buffer.from('plain file, line 1\nline 2\n');
    const html = '<h1>Invoice</h1><p>Dear <b>John</b>, see <a href="https://example.com/i/1">your invoice</a>.</p><img src="cid:logo"/>';
    const start = await money(s, s.owner.accountId);
    const r = await s.request('POST', '/v3/email/send', {
      body: {
        to: [
          { email: 'john@example.net', name: 'John Doe' },
          { email: 'test1@test.com', name: 'Test' },
        ],
        cc: [{ email: 'jane@example.net', name: 'Jane Doe' }],
        bcc: [{ email: 'joseph@example.net' }],
        from: { email_address_id: String(fromId), name: 'Joanne Doe' },
        subject: 'Your invoice',
        body: html,
        custom_string: 'order-17',
        attachments: [
          { content: text.toString('base64'), type: 'text/plain', filename: 'notes.txt', disposition: 'attachment', content_id: 'notes' },
          { content: png.toString('base64'), type: 'image/png', filename: 'logo.png', disposition: 'inline', content_id: 'logo' },
        ],
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Transactional email queued for delivery.');
    const d = r.body.data;
    assert.deepEqual(Object.keys(d).sort(), [
      '_attachments',
      '_currency',
      'bcc',
      'body',
      'body_plain_text',
      'cc',
      'custom_string',
      'date_added',
      'from_email_address_id',
      'from_name',
      'hard_bounce_count',
      'message_id',
      'price',
      'schedule',
      'soft_bounce_count',
      'status',
      'status_text',
      'subaccount_id',
      'subject',
      'to',
      'user_id',
    ]);
    assert.deepEqual([d.status, d.status_text], ['WaitApproval', 'Accepted for delivery']);
    assert.equal(d.date_added, Math.floor(t / 1000));
    assert.equal(d.schedule, Math.floor(t / 1000));
    assert.equal(d.from_email_address_id, fromId);
    assert.equal(d.custom_string, 'order-17');
    assert.equal(d.body_plain_text, plainTextOf(html));
    assert.deepEqual(d.to, [
      { email: 'john@example.net', name: 'John Doe' },
      { email: 'test1@test.com', name: 'Test' },
    ]);
    assert.deepEqual(d.bcc, [{ email: 'joseph@example.net' }]);
    assert.equal(d._currency.currency_name_short, 'AUD');
    // Three real recipients (to, cc, bcc); the test address is free.
    assert.equal(d.price, ((3 * rate) / 1e6).toFixed(4));
    assert.match(d.message_id, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);

    // The stored attachments download byte for byte, the PNG served as what its bytes are.
    assert.deepEqual(
      d._attachments.map((a: any) => [a.file_name, a.content_type, a.content_disposition, a.content_id, a._detected_type]),
      [
        ['notes.txt', 'text/plain', 'attachment', 'notes', null],
        ['logo.png', 'image/png', 'inline', 'logo', 'image/png'],
      ],
    );
    for (const [i, bytes] of [text, png].entries()) {
      const url: string = d._attachments[i]._attachment_file_url;
      assert.ok(url.startsWith(`${s.origin}/files/`));
      const got = await fetch(url);
      assert.equal(got.status, 200);
      assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
    }

    const charged = await money(s, s.owner.accountId);
    assert.equal(start.balance - charged.balance, 3 * rate);
    assert.equal(charged.balance, charged.ledger);

    assert.equal(await capturedEmail(s, d.message_id), undefined, 'nothing leaves before the dispatcher runs');
    await deliverEmails(s);
    const mail = (await capturedEmail(s, d.message_id))!;
    assert.ok(mail, 'the email was captured');
    assert.equal(mail.subject, 'Your invoice');
    assert.equal(mail.messageId, `<${d.message_id}@example.com>`, "stable across retries, in the sender's domain");
    assert.deepEqual(mail.from!.value, [{ address: 'sender@example.com', name: 'Joanne Doe' }]);
    const to = Array.isArray(mail.to) ? mail.to : [mail.to!];
    assert.deepEqual(
      to.flatMap((a) => a.value.map((v) => v.address)),
      ['john@example.net'],
      'the test address gets nothing',
    );
    const cc = Array.isArray(mail.cc) ? mail.cc : [mail.cc!];
    assert.deepEqual(
      cc.flatMap((a) => a.value.map((v) => v.address)),
      ['jane@example.net'],
    );
    assert.equal(mail.bcc, undefined, 'bcc is envelope only');
    assert.equal(mail.headers.has('bcc'), false);
    assert.equal(mail.html, html);
    assert.equal(mail.text?.trim(), plainTextOf(html).trim());
    assert.deepEqual(
      mail.attachments.map((a) => [a.filename, a.contentType, a.contentDisposition, a.content.equals(a.filename === 'logo.png' ? png : text)]),
      // Tree order: the inline logo inside the HTML's multipart/related, then the file in the top multipart/mixed.
      [
        ['logo.png', 'image/png', 'inline', true],
        ['notes.txt', 'text/plain', 'attachment', true],
      ],
    );
    assert.equal(mail.attachments[0]!.cid, 'logo');

    const h = await s.request('GET', `/v3/email/history?q=message_id:${d.message_id}`);
    const rec = h.body.data.data[0];
    assert.deepEqual([rec.status, rec.status_text], ['Sent', 'Email added to outgoing mail queue for delivery']);
    assert.deepEqual([rec.date_added, rec.schedule], [String(d.date_added), String(d.schedule)]);
    assert.deepEqual([rec.soft_bounce_count, rec.hard_bounce_count], [0, 0]);
    // One Delivered receipt per real recipient.
    const receipts = await s.services.email.repo.receiptsOf(s.owner.accountId, d.message_id);
    assert.deepEqual(receipts.map((x) => [x.email, x.status]).sort(), [
      ['jane@example.net', 'Delivered'],
      ['john@example.net', 'Delivered'],
      ['joseph@example.net', 'Delivered'],
    ]);
  });

  it('stores an email only to test addresses free and never delivers it', async () => {
    const start = await money(s, s.owner.accountId);
    const r = await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: 'test1@test.com' }], { cc: [{ email: 'TEST2@test.com' }] }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.price, '0.0000');
    await deliverEmails(s);
    assert.equal(await capturedEmail(s, r.body.data.message_id), undefined);
    assert.deepEqual(await money(s, s.owner.accountId), start);
    const h = await s.request('GET', `/v3/email/history?q=message_id:${r.body.data.message_id}`);
    assert.equal(h.body.data.data[0].status, 'Sent');
    assert.deepEqual(await s.services.email.repo.receiptsOf(s.owner.accountId, r.body.data.message_id), []);
  });

  it('sends a text body without subject (optional on send) as a text-only email; from.email_address_id may be a number', async () => {
    const r = await s.request('POST', '/v3/email/send', { body: { to: [{ email: 'plain@example.net' }], from: { email_address_id: fromId }, body: 'Just text.' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.data.subject, r.body.data.from_name, r.body.data.cc, r.body.data.bcc, r.body.data._attachments], ['', null, null, null, []]);
    await deliverEmails(s);
    const mail = (await capturedEmail(s, r.body.data.message_id))!;
    assert.equal(mail.text?.trim(), 'Just text.');
    assert.ok(!mail.html, 'no html part');
    assert.equal((mail.headers.get('content-type') as { value: string }).value, 'text/plain');
  });

  it('derives the plain-text part of a large HTML body (off the event loop) exactly as for a small one', async () => {
    const html = `<div>${Array.from({ length: 4000 }, (_, i) => `<p>Line <b>${i}</b> of a long newsletter with <a href="https://example.com/${i}">a link</a>.</p>`).join('')}</div>`;
    assert.ok(html.length > 64 * 1024, 'larger than the inline threshold');
    const r = await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: 'long@example.net' }], { body: html }) });
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.data.body_plain_text, plainTextOf(html));
    await deliverEmails(s);
    assert.equal((await capturedEmail(s, r.body.data.message_id))!.text?.trim(), plainTextOf(html).trim());
  });

  it('waits for a schedule, then delivers', async () => {
    const at = Math.floor(t / 1000) + 3600;
    const r = await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: 'later@example.net' }], { schedule: at }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.schedule, at);
    await deliverEmails(s);
    assert.equal(await capturedEmail(s, r.body.data.message_id), undefined, 'not before its time');
    assert.equal((await s.request('GET', `/v3/email/history?q=message_id:${r.body.data.message_id}`)).body.data.data[0].status, 'WaitApproval');
    t += 3601_000;
    await deliverEmails(s);
    assert.ok(await capturedEmail(s, r.body.data.message_id));
  });

  it('refuses an email the balance cannot pay with INSUFFICIENT_CREDIT, storing and charging nothing', async () => {
    const poor = await s.createAccount('email-poor');
    const poorFrom = await verifiedSender(s, 'poor@example.com', poor);
    const { balance } = await money(s, poor.accountId);
    await s.services.ledger.debit({ accountId: poor.accountId, amountMicros: balance - rate, description: 'drain for test' });
    const filesBefore = fs.readdirSync(path.join(s.dataDir, 'files')).length;
    const attachment = { content: Buffer.from('kept nowhere').toString('base64'), type: 'text/plain', filename: 'a.txt', disposition: 'attachment', content_id: 'a' };
    const r = await s.request('POST', '/v3/email/send', { as: poor, body: emailBody(poorFrom, [{ email: 'a@example.net' }, { email: 'b@example.net' }], { attachments: [attachment] }) });
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'INSUFFICIENT_CREDIT');
    assert.equal(fs.readdirSync(path.join(s.dataDir, 'files')).length, filesBefore, "a refused email's attachments are not left behind");
    assert.equal((await s.request('GET', '/v3/email/history', { as: poor })).body.data.total, 0);
    const after = await money(s, poor.accountId);
    assert.deepEqual([after.balance, after.ledger], [rate, rate]);
    // One recipient fits.
    assert.equal((await s.request('POST', '/v3/email/send', { as: poor, body: emailBody(poorFrom, [{ email: 'a@example.net' }]) })).status, 200);
    assert.deepEqual(await money(s, poor.accountId), { balance: 0, ledger: 0 });
  });

  it('sends once for a repeated Idempotency-Key: the replay answers the same record and charges nothing more', async () => {
    const start = await money(s, s.owner.accountId);
    const body = emailBody(fromId, [{ email: 'once@example.net' }]);
    const first = await keyedPost(s, '/v3/email/send', { key: 'email-key-1', body });
    const again = await keyedPost(s, '/v3/email/send', { key: 'email-key-1', body });
    assert.equal(first.status, 200, first.text);
    assert.equal(again.text, first.text);
    assert.equal(again.replayed, 'true');
    assert.equal(start.balance - (await money(s, s.owner.accountId)).balance, rate);
    assert.equal((await s.request('GET', '/v3/email/history?q=to:once@example.net')).body.data.total, 1);
  });

  it('prices without storing or charging, in the documented price shape', async () => {
    const start = await money(s, s.owner.accountId);
    const before = (await s.request('GET', '/v3/email/history')).body.data.total;
    const r = await s.request('POST', '/v3/email/price', {
      body: emailBody(fromId, [{ email: 'x@example.net', name: 'X' }, { email: 'test3@test.com' }], { cc: [{ email: 'y@example.net', name: 'cc1' }] }),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, "Here's the email price.");
    assert.deepEqual(Object.keys(r.body.data).sort(), ['_currency', 'bcc_array', 'body', 'cc_array', 'price', 'subject', 'to_array']);
    assert.equal(r.body.data.price, (2 * rate) / 1e6);
    assert.deepEqual(r.body.data.cc_array, [{ email: 'y@example.net', name: 'cc1' }]);
    assert.equal(r.body.data.bcc_array, null);
    assert.deepEqual(await money(s, s.owner.accountId), start);
    assert.equal((await s.request('GET', '/v3/email/history')).body.data.total, before);
  });
});
