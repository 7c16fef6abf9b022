import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { capturedEmail, deliverEmails, emailBody, verifiedSender } from '../helpers/email.js';
import { campaignBody, capturedEmail as campaignEmail, drain, emailList, history } from '../helpers/email-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Review of issue 12: deeply nested HTML bodies. html-to-text walks the document recursively, and a few thousand
 * nested elements (a 15 KB body) overflowed the stack: POST /email/send and POST /email-campaigns/send answered 500.
 * Its parser's time also grows with depth × tags (a 1 MiB body of nested tables held a thread ~10 s, per recipient
 * of a campaign). A body nested deeper than 256 levels is now a 400 naming the field; up to that it goes out.
 */
describe('review i12: deeply nested HTML bodies', () => {
  let s: TestServer;
  let fromId: number;
  let listId: number;

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
    fromId = await verifiedSender(s, 'nest@example.com');
    listId = await emailList(s, 'Nested', [{ email: 'n1@example.net', first_name: 'Ann' }]);
  });
  after(() => s.close());

  it('sends a transactional email nested 250 levels deep, with its text part', async () => {
    // 125 lists, each in the item of the one before: 250 levels.
    const body = `<p>Top text</p>${'<ul><li>'.repeat(125)}deep`;
    const r = await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: 'deep@example.net' }], { body }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.body.data.body_plain_text, /^Top text/);
    await deliverEmails(s);
    const mail = (await capturedEmail(s, r.body.data.message_id))!;
    assert.match(mail.text ?? '', /Top text/);
  });

  // Inline conversion (under 64 KB) and the worker thread (over it) both overflowed the stack.
  for (const depth of [4000, 20000]) {
    it(`refuses a transactional email nested ${depth} levels deep with a 400 naming body`, async () => {
      const r = await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: 'deep@example.net' }], { body: `<p>x</p>${'<ul><li>'.repeat(depth)}deep` }) });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.response_msg, 'body nests HTML elements more than 256 levels deep (an unclosed tag counts as open); at most 256 are accepted.');
    });
  }

  it('refuses a campaign whose template is 17,000 nested tables (~490 KB) with a 400 naming it, and sends one 200 deep', async () => {
    const tpl = await s.request('POST', '/v3/email/templates', { body: { template_name: 'Deep', template_id_master: 1 } });
    assert.equal(tpl.status, 200, JSON.stringify(tpl.body));
    const templateId = Number(tpl.body.data.template_id);
    const put = await s.request('PUT', `/v3/email/templates/${templateId}`, { body: { body: '<table><tbody><tr><td><table>'.repeat(17_000) } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const deep = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { body: '', template_id: templateId }) });
    assert.equal(deep.status, 400, JSON.stringify(deep.body));
    assert.match(deep.body.response_msg, new RegExp(`^template_id ${templateId}'s body nests HTML elements more than 256 levels deep`));
    const inline = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { body: '<div>'.repeat(3000) }) });
    assert.equal(inline.status, 400, JSON.stringify(inline.body));
    assert.match(inline.body.response_msg, /^body nests HTML elements more than 256 levels deep/);

    const r = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { body: `<p>Hi {FirstName}</p>${'<div>'.repeat(200)}deep` }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await drain(s);
    const [item] = await history(s, Number(r.body.data.data.email_campaign_id));
    assert.equal(item.status, 'Sent');
    assert.match((await campaignEmail(s, item.message_id)).text ?? '', /Hi Ann/);
  });
});
