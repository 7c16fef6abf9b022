import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignBody, capturedEmail, drain, emailList, history, tokenOf, verifiedSender } from '../helpers/email-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';

type Who = { username: string; apiKey: string };

/** A subaccount of the owner's with the given permissions. */
async function subaccount(s: TestServer, api_username: string, access: { access_email: 0 | 1; access_contacts: 0 | 1 }): Promise<Who> {
  const r = await s.request('POST', '/v3/subaccounts', {
    body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', ...access },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { username: api_username, apiKey: r.body.data.api_key as string };
}

describe('email campaigns: templates, tenancy, permissions and the anonymous routes', () => {
  let s: TestServer;
  let fromId: number;
  let other: Who;
  let otherCampaign: number;
  let otherList: number;
  let otherFrom: number;
  let otherTemplate: number;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0', EMAIL_TRACKING_MISSES_MAX: '5', EMAIL_TRACKING_WINDOW: '3600' } });
    fromId = await verifiedSender(s, 'news@acme.example');
    const o = await s.createAccount('othercorp');
    other = { username: o.username, apiKey: o.apiKey };
    otherFrom = await verifiedSender(s, 'news@other.example', other);
    otherList = await emailList(s, 'theirs', [{ email: 'them@example.com', first_name: 'Them' }], other);
    otherCampaign = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(otherList, otherFrom), as: other })).body.data.data.email_campaign_id;
    const t = await s.request('POST', '/v3/email/templates', { body: { template_name: 'Theirs', template_id_master: 1 }, as: other });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    otherTemplate = t.body.data.template_id;
  });
  after(() => s.close());

  it('sends the template when the body is empty, with the unsubscribe link where the template has {unsubscribe_url}; a given body wins', async () => {
    const t = await s.request('POST', '/v3/email/templates', { body: { template_name: 'Mine', template_id_master: 1 } });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    const templateId = t.body.data.template_id;
    const templateHtml: string = (await s.request('GET', `/v3/email/templates/${templateId}`)).body.data.body;
    assert.ok(templateHtml.includes('{unsubscribe_url}'), 'the master templates carry the placeholder');
    const listId = await emailList(s, 'template', [{ email: 'tina@example.com', first_name: 'Tina' }]);
    const c = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { body: '', template_id: templateId }) });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.data.data.template_id, templateId);
    assert.equal(c.body.data.data.body, templateHtml, 'the template is what is sent');
    await drain(s);
    const [item] = await history(s, c.body.data.data.email_campaign_id);
    const mail = await capturedEmail(s, item.message_id);
    const html = String(mail.html);
    const token = tokenOf(mail);
    assert.ok(html.includes(`href="${s.origin}/mail/u/${token}"`), 'the placeholder filled with the link');
    assert.ok(!html.includes('{unsubscribe_url}'));
    assert.equal(html.match(/\/mail\/u\//g)?.length, 1, 'no extra footer when the template has the link');

    const own = await s.request('POST', '/v3/email-campaigns/price', { body: campaignBody(listId, fromId, { template_id: templateId }) });
    assert.equal(own.body.data.data.body, campaignBody(listId, fromId).body, 'a body given is sent, the template kept as a reference');
  });

  it("answers 404 for another account's campaign on every route", async () => {
    for (const [method, path] of [
      ['GET', ''],
      ['PUT', '/cancel'],
      ['GET', '/history'],
      ['GET', '/history/export'],
    ] as const) {
      const r = await s.request(method, `/v3/email-campaigns/${otherCampaign}${path}`);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.body.response_code, 'NOT_FOUND');
    }
    const listId = await emailList(s, 'mine', [{ email: 'me@example.com' }]);
    const put = await s.request('PUT', `/v3/email-campaigns/${otherCampaign}`, { body: campaignBody(listId, fromId) });
    assert.equal(put.status, 404);
    assert.equal(
      (await s.request('GET', '/v3/email-campaigns')).body.data.data.some((c: any) => c.email_campaign_id === otherCampaign),
      false,
    );
  });

  it("refuses another account's list (403, ClickSend's words), address and template (400 naming the field), and an unverified address", async () => {
    const listId = await emailList(s, 'mine2', [{ email: 'me2@example.com' }]);
    const list = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(otherList, fromId) });
    assert.equal(list.status, 403);
    assert.match(list.body.response_msg, /list_id/);
    const from = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, otherFrom) });
    assert.equal(from.status, 400);
    assert.match(from.body.response_msg, /from_email_address_id/);
    const template = await s.request('POST', '/v3/email-campaigns/price', { body: campaignBody(listId, fromId, { template_id: otherTemplate }) });
    assert.equal(template.status, 400);
    assert.match(template.body.response_msg, /template_id/);
    const unverified = (await s.request('POST', '/v3/email/addresses', { body: { email_address: 'new@acme.example' } })).body.data.email_address_id;
    const u = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, unverified) });
    assert.equal(u.status, 400);
    assert.match(u.body.response_msg, /from_email_address_id .* not verified/);
    const bad = await s.request('POST', '/v3/email-campaigns/send', { body: { ...campaignBody(listId, fromId), list_id: 'x' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /list_id/);
  });

  it('needs access_email (and access_contacts to read a list) for a subaccount', async () => {
    const noEmail = await subaccount(s, 'noemail', { access_email: 0, access_contacts: 1 });
    const r = await s.request('GET', '/v3/email-campaigns', { as: noEmail });
    assert.equal(r.status, 403);
    const listId = await emailList(s, 'sub', [{ email: 'sub@example.com' }]);
    assert.equal((await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId), as: noEmail })).status, 403);
    const noContacts = await subaccount(s, 'nocontacts', { access_email: 1, access_contacts: 0 });
    assert.equal((await s.request('GET', '/v3/email-campaigns', { as: noContacts })).status, 200);
    const send = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId), as: noContacts });
    assert.equal(send.status, 403);
    assert.match(send.body.response_msg, /contacts/);
  });

  it('answers junk tokens with a cheap 404 page (never a redirect) and throttles guessing, live tokens included', async () => {
    const listId = await emailList(s, 'live', [{ email: 'live@example.com' }]);
    const id = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) })).body.data.data.email_campaign_id;
    await drain(s);
    const live = tokenOf(await capturedEmail(s, (await history(s, id))[0].message_id));
    assert.equal((await fetch(`${s.origin}/mail/o/${live}`)).status, 200);

    const pixel = await fetch(`${s.origin}/mail/o/short`);
    assert.equal(pixel.status, 404);
    assert.match(pixel.headers.get('content-type') ?? '', /text\/html/);
    const click = await fetch(`${s.origin}/mail/c/${'B'.repeat(22)}/0`, { redirect: 'manual' });
    assert.equal(click.status, 404);
    assert.equal(click.headers.get('location'), null);
    assert.equal((await fetch(`${s.origin}/mail/u/${'A'.repeat(22)}`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${s.origin}/mail/whatever`)).status, 404);
    assert.equal((await fetch(`${s.origin}/mail/o/${'C'.repeat(22)}`)).status, 404);
    // Five misses in the window (EMAIL_TRACKING_MISSES_MAX=5): every token now answers 429, the live one included.
    const limited = await fetch(`${s.origin}/mail/o/${live}`);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await history(s, id))[0].open_count, 1, 'the throttled request counted nothing');
  });
});

describe('a scheduled email campaign', () => {
  let s: TestServer;
  let offsetMs = 0;
  before(async () => {
    // A clock the test moves: the dispatcher claims by it, so "an hour later" needs no sleep.
    s = await startServer({ env: { DISPATCH: '0' }, clock: { nowMs: () => Date.now() + offsetMs } });
  });
  after(() => s.close());

  it('waits Scheduled until its time, then sends', async () => {
    const fromId = await verifiedSender(s, 'later@acme.example');
    const listId = await emailList(s, 'later', [{ email: 'later@example.com', first_name: 'Lu' }]);
    const at = Math.floor((Date.now() + offsetMs) / 1000) + 3600;
    const id = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { schedule: at }) })).body.data.data.email_campaign_id;
    await drain(s);
    assert.equal((await s.request('GET', `/v3/email-campaigns/${id}`)).body.data.status, 'Scheduled');
    assert.equal((await history(s, id)).length, 0);
    offsetMs += 3601_000;
    await drain(s);
    const c = (await s.request('GET', `/v3/email-campaigns/${id}`)).body.data;
    assert.equal(c.status, 'Sent');
    assert.equal(c.schedule, String(at));
    assert.equal(c.send_count, 1);
    const [item] = await history(s, id);
    assert.equal(item.status, 'Sent');
    assert.ok(Number(item.processed_at) >= at, 'sent at its time');
  });
});
