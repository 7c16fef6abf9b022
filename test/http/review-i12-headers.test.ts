import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { emailCampaignDeliveryKey } from '../../src/modules/email-campaigns/index.js';
import { emailBody } from '../helpers/email.js';
import { campaignBody, capturedEmail, drain, emailList, history, verifiedSender } from '../helpers/email-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Review of issue 12: line breaks in campaign headers. Transactional email flattens CR/LF in names and the subject;
 * a campaign's from_name and the contact's name (To, and the subject through {FirstName}) went out with them, as
 * encoded words that a reader decodes back into "Eve\r\nBcc: spy@evil.example". No header is ever added (nodemailer
 * encodes), but the decoded values must be one line too.
 */
describe('review i12: header values carry no line breaks', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
  });
  after(() => s.close());

  it('flattens CR/LF of from_name, the contact name and the personalised subject', async () => {
    const fromId = await verifiedSender(s, 'hdr@example.com');
    const listId = await emailList(s, 'Headers', [{ email: 'eve@example.net', first_name: 'Eve\r\nBcc: spy@evil.example', last_name: 'X' }]);
    const r = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { from_name: 'Shop\r\nX-Evil: 1', subject: 'Hi {FirstName}' }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await drain(s);
    const [item] = await history(s, Number(r.body.data.data.email_campaign_id));
    const raw = fs.readFileSync(path.join(s.dataDir, 'outbox', `${emailCampaignDeliveryKey(item.message_id)}.eml`), 'utf8');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    assert.doesNotMatch(head, /^(Bcc|X-Evil):/im, 'no header was added');
    const mail = await capturedEmail(s, item.message_id);
    const from = mail.from!.value[0]!;
    const to = (Array.isArray(mail.to) ? mail.to[0]! : mail.to!).value[0]!;
    assert.deepEqual([from.name, from.address], ['Shop X-Evil: 1', 'hdr@example.com']);
    assert.deepEqual([to.name, to.address], ['Eve Bcc: spy@evil.example X', 'eve@example.net']);
    assert.equal(mail.subject, 'Hi Eve Bcc: spy@evil.example');
  });

  it('refuses an attachment type that is no MIME type (a line break, no subtype) with a 400 naming it; flattens a content_id', async () => {
    const fromId = await verifiedSender(s, 'types@example.com');
    const attach = (type: string, content_id?: string) =>
      emailBody(fromId, [{ email: 'x@example.net' }], { attachments: [{ content: 'aGk=', type, filename: 'a.txt', ...(content_id ? { content_id } : {}) }] });
    for (const type of ['text/plain\r\nX-Evil: 1', 'pdf', 'text/plain; charset=utf-8\nX: y']) {
      const r = await s.request('POST', '/v3/email/send', { body: attach(type) });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.response_msg, `attachments[0].type is not a MIME type (type/subtype, e.g. application/pdf): ${JSON.stringify(type)}.`);
    }
    const ok = await s.request('POST', '/v3/email/send', { body: attach('text/plain; charset=utf-8', 'a\r\nb') });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.data._attachments[0].content_id, 'a b');
  });
});
