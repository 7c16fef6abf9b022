import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { campaignBody, capturedEmail, drain, emailList, history, money, tokenOf, verifiedSender } from '../helpers/email-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';

const RECORD_KEYS = [
  'abuse_count',
  'body',
  'body_plain_text',
  'click_count',
  'custom_string',
  'date_added',
  'email_campaign_id',
  'from_email_address_id',
  'from_name',
  'hard_bounce_count',
  'list_id',
  'name',
  'open_count',
  'schedule',
  'send_count',
  'soft_bounce_count',
  'status',
  'subaccount_id',
  'subject',
  'template_id',
  'unsubscribe_count',
  'user_id',
];

describe('email campaigns over HTTP', () => {
  let s: TestServer;
  let fromId: number;
  let rate: number;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
    fromId = await verifiedSender(s, 'news@acme.example');
    rate = s.services.pricing.emailRateMicros('AU', 'AUD');
  });
  after(() => s.close());

  // Fresh addresses per test: an unsubscribe in one test must not change another's counts.
  let n = 0;
  let people: Record<string, string>[] = [];
  beforeEach(() => {
    n++;
    people = [
      { email: `ann${n}@example.com`, first_name: 'Ann', last_name: 'Lee' },
      { email: `bo${n}@example.com`, first_name: 'Bo<b>', last_name: 'Smith & Co' },
      { phone_number: '+61411111111', first_name: 'NoEmail' },
    ];
  });

  it('sends a personalised email to each contact with an address: placeholders, text part, one-click unsubscribe headers, tracked links', async () => {
    const listId = await emailList(s, 'customers', people);
    const start = await money(s, s.owner.accountId);
    const r = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Email campaign has been created.');
    const { data } = r.body;
    assert.deepEqual(Object.keys(data).sort(), ['currency', 'data', 'queued_count', 'total_count', 'total_price']);
    assert.deepEqual(Object.keys(data.data).sort(), RECORD_KEYS);
    assert.equal(data.total_count, 3, 'every contact of the list');
    assert.equal(data.queued_count, 2, 'the contact without an email is skipped');
    assert.equal(data.total_price, ((2 * rate) / 1e6).toFixed(4));
    assert.equal(data.currency.currency_name_short, 'AUD');
    assert.equal(data.data.status, 'Queued');
    assert.equal(data.data.schedule, '', 'ClickSend shows "" for a campaign sent now');
    assert.equal(typeof data.data.date_added, 'string');
    assert.equal(data.data.body_plain_text.includes('See the offer'), true);

    await drain(s);
    const end = await money(s, s.owner.accountId);
    assert.equal(start.balance - end.balance, 2 * rate, 'two emails charged');
    assert.equal(end.balance, end.ledger, 'the balance is the sum of the ledger rows');

    const id = data.data.email_campaign_id;
    const items = await history(s, id);
    assert.deepEqual(
      items.map((i) => [i.to_address, i.status]),
      [
        [`ann${n}@example.com`, 'Sent'],
        [`bo${n}@example.com`, 'Sent'],
      ],
    );
    assert.equal(items[0].from_address, String(fromId), 'ClickSend shows the email_address_id as from_address');
    assert.equal(items[0].to_name, 'Ann Lee');
    assert.match(items[0].message_id, /^[0-9A-F-]{36}$/);
    assert.equal(typeof items[0].processed_at, 'string');

    const ann = await capturedEmail(s, items[0].message_id);
    assert.equal(ann.subject, 'Hello Ann');
    assert.equal(ann.from?.text, '"Acme News" <news@acme.example>');
    const html = String(ann.html);
    assert.match(html, /Hi Ann Lee,/);
    assert.doesNotMatch(html, /https:\/\/example\.com\/offer/, 'the link goes through Sendbox');
    const token = tokenOf(ann);
    assert.ok(html.includes(`href="${s.origin}/mail/c/${token}/0"`), 'link 0 rewritten to the redirect');
    assert.ok(html.includes('href="mailto:help@example.com"'), 'only http(s) links are rewritten');
    assert.ok(html.includes(`href="${s.origin}/mail/u/${token}"`), 'an unsubscribe link in the body');
    assert.match(ann.text ?? '', /Hi Ann Lee,/);
    assert.match(ann.text ?? '', /Unsubscribe/);
    // The text part comes from one template per campaign: each recipient's own links and name are put into it.
    assert.ok(ann.text?.includes(`${s.origin}/mail/c/${token}/0`), `the text part's link is tracked too: ${ann.text}`);
    assert.ok(ann.text?.includes(`${s.origin}/mail/u/${token}`), "and its unsubscribe link is the recipient's");
    assert.doesNotMatch(ann.text ?? '', /sendbox\.invalid|\{/, 'no marker or placeholder left');
    const header = (key: string) => ann.headerLines.find((h) => h.key === key)?.line;
    assert.equal(header('list-unsubscribe'), `List-Unsubscribe: <${s.origin}/mail/u/${token}>`);
    assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'RFC 8058 one-click');

    const bo = await capturedEmail(s, items[1].message_id);
    assert.match(String(bo.html), /Hi Bo&#60;b&#62; Smith &#38; Co,/, 'contact fields are HTML-escaped in the body');
    assert.equal(bo.subject, 'Hello Bo<b>', 'and plain in the subject');
    assert.match(bo.text ?? '', /Hi Bo<b> Smith & Co,/, 'and plain in the text part');
    assert.ok(bo.text?.includes(`/mail/c/${tokenOf(bo)}/0`), "Bo's text part has Bo's links, not Ann's");
    assert.notEqual(tokenOf(bo), token, 'one token per recipient');

    const got = await s.request('GET', `/v3/email-campaigns/${id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.response_msg, 'Here is your email campaign.');
    assert.equal(got.body.data.status, 'Sent');
    assert.equal(got.body.data.send_count, 2);
    assert.ok(got.body.data.body.startsWith('<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN"'), 'GET wraps the body into a document (ClickSend quirk)');
    assert.ok(got.body.data.body.includes(campaignBody(listId, fromId).body));
  });

  it('counts opens and clicks per recipient, in history and on the campaign; the redirect goes to the stored target', async () => {
    const listId = await emailList(s, 'trackers', people.slice(0, 1));
    const id = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) })).body.data.data.email_campaign_id;
    await drain(s);
    const [item] = await history(s, id);
    const token = tokenOf(await capturedEmail(s, item.message_id));

    const pixel = await fetch(`${s.origin}/mail/o/${token}`);
    assert.equal(pixel.status, 200);
    assert.equal(pixel.headers.get('content-type'), 'image/gif');
    assert.match(pixel.headers.get('cache-control') ?? '', /no-store/);
    const gif = Buffer.from(await pixel.arrayBuffer());
    assert.equal(gif.subarray(0, 6).toString('latin1'), 'GIF89a');
    assert.deepEqual([gif.readUInt16LE(6), gif.readUInt16LE(8)], [1, 1], 'a 1×1 GIF');
    await fetch(`${s.origin}/mail/o/${token}`);

    const click = await fetch(`${s.origin}/mail/c/${token}/0`, { redirect: 'manual' });
    assert.equal(click.status, 302);
    assert.equal(click.headers.get('location'), 'https://example.com/offer?a=1&b=2');
    const past = await fetch(`${s.origin}/mail/c/${token}/1`, { redirect: 'manual' });
    assert.equal(past.status, 404, 'only the links the body had');

    const [after] = await history(s, id);
    assert.equal(after.open_count, 2);
    assert.equal(after.click_count, 1);
    const c = (await s.request('GET', `/v3/email-campaigns/${id}`)).body.data;
    assert.equal(c.open_count, 2);
    assert.equal(c.click_count, 1);
    const listed = (await s.request('GET', '/v3/email-campaigns')).body;
    assert.equal(listed.response_msg, 'Here are your email campaigns');
    const row = listed.data.data.find((x: any) => x.email_campaign_id === id);
    assert.equal(row.open_count, 2);
    assert.equal(row.body, undefined, "ClickSend's list items carry no body");
  });

  it('unsubscribes: a GET shows a confirmation form and changes nothing; the one-click POST opts the address out; the next campaign skips it', async () => {
    const listId = await emailList(s, 'subscribers', people);
    const id = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) })).body.data.data.email_campaign_id;
    await drain(s);
    const [ann] = await history(s, id);
    const token = tokenOf(await capturedEmail(s, ann.message_id));
    const url = `${s.origin}/mail/u/${token}`;

    const page = await fetch(url);
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /<form method="post"/);
    assert.ok(text.includes(`ann${n}@example.com`));
    assert.equal((await s.request('GET', `/v3/email-campaigns/${id}`)).body.data.unsubscribe_count, 0, 'a GET (a link scanner) unsubscribes nobody');

    // RFC 8058: the mail client POSTs this body, no confirmation.
    const post = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    assert.equal(post.status, 200);
    assert.match(await post.text(), /Unsubscribed/);
    assert.equal((await fetch(url, { method: 'POST' })).status, 200, 'a repeat is harmless');
    assert.equal((await s.request('GET', `/v3/email-campaigns/${id}`)).body.data.unsubscribe_count, 1);
    const optedOut = await s.services.contactLists.optedOut(s.dbh.db, s.owner.accountId, [`ann${n}@example.com`, `bo${n}@example.com`]);
    assert.deepEqual([...optedOut], [`ann${n}@example.com`], "on the account's opt-out list");

    const next = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) });
    assert.equal(next.body.data.total_count, 3);
    assert.equal(next.body.data.queued_count, 1, 'the unsubscribed address is skipped');
    await drain(s);
    assert.deepEqual(
      (await history(s, next.body.data.data.email_campaign_id)).map((i) => i.to_address),
      [`bo${n}@example.com`],
    );
  });

  it('refuses a blank body without template_id (400 naming body); prices without storing anything', async () => {
    const listId = await emailList(s, 'pricing', people);
    const blank = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { body: '  ' }) });
    assert.equal(blank.status, 400);
    assert.match(blank.body.response_msg, /body/);
    const before = (await s.request('GET', '/v3/email-campaigns')).body.data.total;
    const p = await s.request('POST', '/v3/email-campaigns/price', { body: campaignBody(listId, fromId) });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.response_msg, 'Total price for email campaign.');
    assert.deepEqual(Object.keys(p.body.data.data).sort(), ['body', 'from_email_address_id', 'from_name', 'list_id', 'name', 'subject', 'template_id']);
    assert.equal(p.body.data.queued_count, 2);
    assert.equal(p.body.data.total_count, 3);
    assert.equal(p.body.data.total_price, ((2 * rate) / 1e6).toFixed(4));
    assert.equal((await s.request('GET', '/v3/email-campaigns')).body.data.total, before, 'nothing stored');
  });

  it('updates a scheduled campaign before it starts and refuses once it has been sent', async () => {
    const listId = await emailList(s, 'later', people.slice(0, 1));
    const at = Math.floor(Date.now() / 1000) + 3600;
    const c = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { schedule: at }) });
    assert.equal(c.body.data.data.status, 'Scheduled');
    assert.equal(c.body.data.data.schedule, String(at));
    const id = c.body.data.data.email_campaign_id;
    await drain(s);
    assert.equal((await history(s, id)).length, 0, 'nothing queued before its time');

    const u = await s.request('PUT', `/v3/email-campaigns/${id}`, { body: campaignBody(listId, fromId, { name: 'Renamed', schedule: at + 60 }) });
    assert.equal(u.status, 200, JSON.stringify(u.body));
    assert.equal(u.body.response_msg, 'Email campaign has been updated.');
    assert.equal(u.body.data.name, 'Renamed');
    assert.equal(u.body.data.schedule, String(at + 60));

    const now = await s.request('PUT', `/v3/email-campaigns/${id}`, { body: campaignBody(listId, fromId, { name: 'Now' }) });
    assert.equal(now.body.data.status, 'Queued');
    await drain(s);
    const late = await s.request('PUT', `/v3/email-campaigns/${id}`, { body: campaignBody(listId, fromId, { name: 'Too late' }) });
    assert.equal(late.status, 400);
    assert.match(late.body.response_msg, /cannot be updated: it has been sent/);
    const cancel = await s.request('PUT', `/v3/email-campaigns/${id}/cancel`);
    assert.equal(cancel.status, 400, 'nothing left to cancel');
  });

  it('cancels a scheduled campaign: status Cancelled, nothing charged, never sent', async () => {
    const listId = await emailList(s, 'cancelled', people.slice(0, 2));
    const start = await money(s, s.owner.accountId);
    const id = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId, { schedule: Math.floor(Date.now() / 1000) + 3600 }) })).body.data.data.email_campaign_id;
    const r = await s.request('PUT', `/v3/email-campaigns/${id}/cancel`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Email campaign has been cancelled.');
    assert.equal(r.body.data.status, 'Cancelled');
    await drain(s);
    assert.equal((await history(s, id)).length, 0);
    assert.deepEqual(await money(s, s.owner.accountId), start);
    assert.equal((await s.request('PUT', `/v3/email-campaigns/${id}/cancel`)).status, 400, 'cancelled already');
  });

  it('exports the history as CSV', async () => {
    const listId = await emailList(s, 'export', people);
    const id = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) })).body.data.data.email_campaign_id;
    await drain(s);
    const r = await s.request('GET', `/v3/email-campaigns/${id}/history/export`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const csv = await (await fetch(r.body.data.url)).text();
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines[0], 'email_campaign_id,from_name,from_address,to_name,to_address,contact_id,subject,message_id,processed_at,status,open_count,click_count,hard_bounce_count,soft_bounce_count');
    assert.equal(lines.length, 3);
    assert.ok(lines[1]!.includes(`ann${n}@example.com`));
  });
});
