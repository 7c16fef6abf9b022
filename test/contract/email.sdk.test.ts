import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { capturedEmail, deliverEmails, verifiedSender } from '../helpers/email.js';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

const recipient = (email: string, name?: string) => Object.assign(new clicksend.EmailRecipient(), { email, ...(name ? { name } : {}) });

/** Every TransactionalEmailApi method, called through the official `clicksend` SDK as an application would. */
describe('TransactionalEmailApi (official SDK)', () => {
  let s: TestServer;
  let api: clicksend.TransactionalEmailApi;
  let fromId: number;
  const nowS = () => Math.floor(Date.now() / 1000);

  const email = (fields: Partial<clicksend.Email> = {}) =>
    Object.assign(new clicksend.Email(), {
      to: [recipient('john@example.net', 'John Doe')],
      cc: [recipient('jane@example.net', 'Jane Doe')],
      from: Object.assign(new clicksend.EmailFrom(), { emailAddressId: String(fromId), name: 'Joanne Doe' }),
      subject: 'SDK subject',
      body: '<p>Lorem <b>ipsum</b></p>',
      ...fields,
    });

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
    api = sdk(s, 'TransactionalEmailApi');
    fromId = await verifiedSender(s, 'sdk-sender@example.com');
  });
  after(() => s.close());

  it('emailSendPost sends with an attachment; the email is delivered and emailHistoryGet shows it Sent', async () => {
    const attachment = Object.assign(new clicksend.Attachment(), {
      content: Buffer.from('hello file').toString('base64'),
      type: 'text/plain',
      filename: 'text.txt',
      disposition: 'attachment',
      contentId: 'text',
    });
    const sent = await call(api.emailSendPost(email({ attachments: [attachment] })));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.response_msg, 'Transactional email queued for delivery.');
    const d = sent.body.data;
    assert.deepEqual([d.status, d.status_text, d.from_email_address_id, typeof d.price, typeof d.date_added], ['WaitApproval', 'Accepted for delivery', fromId, 'string', 'number']);
    assert.deepEqual(
      d._attachments.map((a: any) => [a.file_name, a.content_type, a.content_disposition, a.content_id]),
      [['text.txt', 'text/plain', 'attachment', 'text']],
    );

    await deliverEmails(s);
    const mail = await capturedEmail(s, d.message_id);
    assert.equal(mail?.attachments[0]?.content.toString(), 'hello file');

    const history = await call(api.emailHistoryGet(nowS() - 3600, nowS() + 3600, 1, 15));
    assert.equal(history.status, 200);
    assert.equal(history.body.response_msg, 'Here is your result.');
    const rec = history.body.data.data.find((h: any) => h.message_id === d.message_id);
    assert.deepEqual([rec.status, rec.status_text, typeof rec.date_added], ['Sent', 'Email added to outgoing mail queue for delivery', 'string']);
  });

  it('emailPricePost prices without sending: a number, per recipient', async () => {
    const before = (await call(api.emailHistoryGet())).body.data.total;
    const r = await call(api.emailPricePost(email()));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, "Here's the email price.");
    assert.equal(r.body.data.price, (2 * s.services.pricing.emailRateMicros('AU', 'AUD')) / 1e6);
    assert.deepEqual(r.body.data.to_array, [{ email: 'john@example.net', name: 'John Doe' }]);
    assert.equal((await call(api.emailHistoryGet())).body.data.total, before);
  });

  it('emailHistoryExportGet gives a CSV URL', async () => {
    const r = await call(api.emailHistoryExportGet('mail.csv', nowS() - 3600, nowS() + 3600));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const csv = await (await fetch(r.body.data.url)).text();
    assert.match(csv.split('\n')[0]!, /^message_id,date_added,/);
    assert.equal(csv.trim().split('\n').length, 2);
  });

  it('a refusal reaches the SDK as the ClickSend envelope naming the field', async () => {
    const r = await call(api.emailSendPost(email({ to: [recipient('nope')] })));
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, /to\[0\]\.email/);
  });
});
