import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startReceiver } from '../helpers/automations-firing.js';
import { deliverEmails, emailBody, verifiedSender } from '../helpers/email.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** GET /email/history (dates, pages, q=, order_by), its CSV export, and POST /email/receipts. */
describe('transactional email: history, export and the test receipt', () => {
  let s: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let fromId: number;
  let t = Date.UTC(2031, 0, 1);
  const clock = { nowMs: () => t };
  const day1 = Math.floor(t / 1000);
  const ids: string[] = [];

  const send = async (extra: Record<string, unknown>, to = 'someone@example.net') => {
    const r = await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: to }], extra) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    ids.push(r.body.data.message_id);
    return r.body.data;
  };
  const history = async (query: string) => {
    const r = await s.request('GET', `/v3/email/history${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data;
  };

  before(async () => {
    receiver = await startReceiver();
    s = await startServer({ clock, env: { DISPATCH: '0', ALLOW_PRIVATE_URLS: '1' } });
    fromId = await verifiedSender(s, 'history-sender@example.com');
    // Day 1: two emails, delivered; day 2: one scheduled a week ahead and one whose subject starts a formula.
    await send({ subject: 'Welcome aboard', custom_string: 'c-1' }, 'alice@example.net');
    await send({ subject: 'Invoice 17', custom_string: 'c-2' }, 'bob@example.net');
    await deliverEmails(s);
    t += 86_400_000;
    await send({ subject: 'Reminder', schedule: Math.floor(t / 1000) + 7 * 86_400 }, 'carol@example.net');
    await send({ subject: '=HYPERLINK("http://evil.example")', body: '<p>@SUM(1+1)</p>' }, 'dave@example.net');
  });
  after(async () => {
    await s.close();
    await receiver.close();
  });

  it('lists newest first with the documented record and the paginated block; strings where ClickSend prints strings', async () => {
    // ClickSend's limit is at least 15 (smaller values are raised).
    const page = await history('?limit=3');
    assert.equal(page.total, 4);
    assert.deepEqual([page.per_page, page.current_page, page.last_page], [15, 1, 1]);
    assert.deepEqual(
      page.data.map((r: any) => r.message_id),
      [ids[3], ids[2], ids[1], ids[0]],
    );
    const rec = page.data[2];
    assert.deepEqual([typeof rec.date_added, typeof rec.schedule, typeof rec.price, rec.status, rec.bcc, rec.cc], ['string', 'string', 'string', 'Sent', null, null]);
    assert.deepEqual(rec.to, [{ email: 'bob@example.net' }]);
    assert.equal(rec.from_email_address_id, fromId);
    assert.equal(page.data[1].status, 'WaitApproval', 'the scheduled one waits');
    assert.equal(page.data[1].status_text, 'Accepted for delivery');
    const second = await history('?page=2');
    assert.deepEqual([second.data.length, second.current_page, second.total], [0, 2, 4]);
  });

  it('filters by date_from / date_to (unix seconds, inclusive)', async () => {
    assert.equal((await history(`?date_to=${day1}`)).total, 2);
    assert.equal((await history(`?date_from=${day1 + 86_400}`)).total, 2);
    assert.equal((await history(`?date_from=${day1 + 1}&date_to=${day1 + 86_399}`)).total, 0);
  });

  it('searches with q= (status, to, custom_string, subject) and orders with order_by; a bad field is a 400 naming it', async () => {
    assert.deepEqual((await history('?q=status:WaitApproval')).data.map((r: any) => r.message_id).sort(), [ids[2], ids[3]].sort());
    assert.deepEqual(
      (await history('?q=to:BOB@example.net')).data.map((r: any) => r.message_id),
      [ids[1]],
    );
    assert.deepEqual(
      (await history('?q=custom_string:C-1')).data.map((r: any) => r.message_id),
      [ids[0]],
    );
    assert.deepEqual(
      (await history('?q=subject:invoice')).data.map((r: any) => r.message_id),
      [ids[1]],
    );
    assert.equal((await history('?q=status:Sent,subject:reminder&operator=OR')).total, 3);
    assert.deepEqual(
      (await history('?order_by=date_added:asc')).data.map((r: any) => r.message_id),
      ids,
    );
    const bad = await s.request('GET', '/v3/email/history?q=colour:red');
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /q: unknown field "colour"/);
  });

  it('exports the query to a CSV (data.url; formulas neutralised) that downloads under the asked filename', async () => {
    const r = await s.request('GET', `/v3/email/history/export?filename=emails.csv&date_from=${day1 + 86_400}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Download your file here.');
    assert.match(r.body.data.url, new RegExp(`^${s.origin}/files/[0-9A-F-]{36}\\.csv\\?filename=emails\\.csv$`));
    const got = await fetch(r.body.data.url);
    assert.equal(got.status, 200);
    const rows = parse(await got.text(), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 2);
    const evil = rows.find((x) => x.message_id === ids[3])!;
    assert.ok(!evil.subject!.startsWith('='), `neutralised: ${evil.subject}`);
    assert.ok(!evil.body_plain_text!.startsWith('@'), `neutralised: ${evil.body_plain_text}`);
    assert.equal(evil.to, 'dave@example.net');
    const missing = await s.request('GET', '/v3/email/history/export');
    assert.equal(missing.status, 400);
    assert.match(missing.body.response_msg, /filename/);
  });

  it('POST /email/receipts answers the documented sample receipt and pushes it to the url; poll pushes nothing', async () => {
    const before = receiver.got.length;
    const r = await s.request('POST', '/v3/email/receipts', { body: { url: receiver.url } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Receipt has been added.');
    assert.deepEqual(Object.keys(r.body.data).sort(), ['email', 'message_id', 'status', 'timestamp']);
    assert.match(r.body.data.message_id, /^[0-9A-F-]{36}@clicksend\.com$/);
    assert.equal(r.body.data.status, 'Delivered');
    assert.equal(r.body.data.timestamp, Math.floor(t / 1000));
    assert.equal((await s.request('POST', '/v3/email/receipts', { body: { url: 'poll' } })).status, 200);
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    const pushed = receiver.got.slice(before);
    assert.equal(pushed.length, 1);
    assert.ok(pushed[0]!.body.includes(encodeURIComponent(r.body.data.message_id)) || pushed[0]!.body.includes(r.body.data.message_id), pushed[0]!.body);
    const bad = await s.request('POST', '/v3/email/receipts', { body: { url: 'ftp://x' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /url must be an http\(s\) URL/);
  });
});
