import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { capturedEmail, deliverEmails, emailBody, verifiedSender } from '../helpers/email.js';
import { campaignBody, capturedEmail as campaignEmail, drain, emailList, history } from '../helpers/email-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Review of issue 12: the plain-text part of a deeply nested HTML body. html-to-text walks the document
 * recursively, and a few thousand nested elements (a 15 KB body) overflowed the stack: POST /email/send and
 * POST /email-campaigns/send answered 500. Deep content is now cut, and the email goes out.
 */
describe('review i12: deeply nested HTML bodies', () => {
  let s: TestServer;
  let fromId: number;

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
    fromId = await verifiedSender(s, 'nest@example.com');
  });
  after(() => s.close());

  // Inline conversion (under 64 KB) and the worker thread (over it).
  for (const depth of [4000, 20000]) {
    it(`sends a transactional email whose body nests ${depth} elements`, async () => {
      const body = `<p>Top text</p>${'<ul><li>'.repeat(depth)}deep`;
      const r = await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: 'deep@example.net' }], { body }) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.match(r.body.data.body_plain_text, /^Top text/);
      await deliverEmails(s);
      const mail = (await capturedEmail(s, r.body.data.message_id))!;
      assert.ok(mail, 'the email was captured');
      assert.match(mail.text ?? '', /Top text/);
    });
  }

  it('sends a campaign whose body nests 4000 elements', async () => {
    const listId = await emailList(s, 'Nested', [{ email: 'n1@example.net', first_name: 'Ann' }]);
    const body = `<p>Hi {FirstName}</p>${'<div>'.repeat(4000)}deep`;
    const r = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { body }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await drain(s);
    const [item] = await history(s, Number(r.body.data.data.email_campaign_id));
    assert.equal(item.status, 'Sent');
    assert.match((await campaignEmail(s, item.message_id)).text ?? '', /Hi Ann/);
  });
});
