import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

const DAY_MS = 86_400_000;
const dayOf = (unixS: number) => Math.floor(unixS / 86_400) * 86_400;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Waits for a state the server reaches on its own (a delivery receipt); fails with `what` if it never does. */
async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('GET /statistics/sms over HTTP', () => {
  let s: TestServer;
  // The server's clock runs at real speed from a moveable offset, so traffic can be sent "days ago".
  let offsetMs = 0;
  before(async () => {
    s = await startServer({ clock: { nowMs: () => Date.now() + offsetMs }, env: { SMS_RECEIPT_DELAY_MS: '20', SMS_RECEIPT_POLL_MS: '20' } });
  });
  after(() => s.close());

  const send = async (messages: unknown[]) => {
    const r = await s.request('POST', '/v3/sms/send', { body: { messages } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data.messages as Array<{ message_id: string; date: number; message_price: number; status: string }>;
  };

  it('gives 30 consecutive UTC days ending today, all zero, for an account without traffic, with `currency`', async () => {
    const before = dayOf(Math.floor(Date.now() / 1000));
    const r = await s.request('GET', '/v3/statistics/sms');
    const after = dayOf(Math.floor(Date.now() / 1000));
    assert.equal(r.status, 200);
    assert.equal(r.body.http_code, 200);
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Here are your data.');
    assert.deepEqual(Object.keys(r.body.data).sort(), ['currency', 'stat', 'total']);
    assert.deepEqual(r.body.data.currency, { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' });
    const stat = r.body.data.stat as any[];
    assert.equal(stat.length, 30);
    assert.ok(stat.at(-1).date === before || stat.at(-1).date === after, 'the last day is today');
    stat.forEach((d, i) => {
      if (i > 0) assert.equal(d.date - stat[i - 1].date, 86_400, 'consecutive days, oldest first');
      assert.deepEqual(d, { date: d.date, outbound: { count: 0, price: 0 }, inbound: { count: 0 }, bounced: { count: 0 } });
    });
    assert.deepEqual(r.body.data.total, { outbound: { count: 0, price: 0 }, inbound: { count: 0 }, bounced: { count: 0 } });
  });

  it('counts sent, bounced and received SMS per day from the stored messages, leaving out cancelled, test-number and older traffic', async () => {
    // 40 days ago: outside the 30-day window.
    offsetMs = -40 * DAY_MS;
    await send([{ to: '+61491570006', body: 'too old to count' }]);

    // Two days ago: one delivered, one 2-part that fails permanently, one to a test number, one scheduled then cancelled.
    offsetMs = -2 * DAY_MS;
    const early = await send([
      { to: '+61491570006', body: 'delivered two days ago' },
      { to: '+61491570156', body: 'bounces '.repeat(25) },
      { to: '+61411111111', body: 'a documented test number: never sent, never charged' },
      { to: '+61491570006', body: 'scheduled, then cancelled', schedule: Math.floor((Date.now() + offsetMs) / 1000) + 3600 },
    ]);
    assert.ok(early.every((m) => m.status === 'SUCCESS'));
    const cancel = await s.request('PUT', `/v3/sms/${early[3]!.message_id}/cancel`);
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    await until('the failing number reports its failure', async () => {
      const h = await s.request('GET', '/v3/sms/history?limit=100');
      return h.body.data.data.some((m: any) => m.message_id === early[1]!.message_id && m.status === 'Failed');
    });

    // Today: one delivered message and one received SMS.
    offsetMs = 0;
    const today = await send([{ to: '+61491570006', body: 'sent today' }]);
    const inbound = await s.request('POST', '/v3/sms/inbound', { body: { url: 'https://example.com/inbound' } });
    assert.equal(inbound.status, 200, JSON.stringify(inbound.body));

    const r = await s.request('GET', '/v3/statistics/sms');
    assert.equal(r.status, 200);
    const stat = r.body.data.stat as any[];
    assert.equal(stat.length, 30);
    const earlyPrice = round6(early[0]!.message_price + early[1]!.message_price);
    assert.ok(earlyPrice > 0 && today[0]!.message_price > 0, 'the fixture traffic is charged');
    const expected = new Map([
      [dayOf(early[0]!.date), { outbound: { count: 2, price: earlyPrice }, inbound: { count: 0 }, bounced: { count: 1 } }],
      [dayOf(today[0]!.date), { outbound: { count: 1, price: today[0]!.message_price }, inbound: { count: 1 }, bounced: { count: 0 } }],
    ]);
    for (const d of stat) {
      const want = expected.get(d.date) ?? { outbound: { count: 0, price: 0 }, inbound: { count: 0 }, bounced: { count: 0 } };
      assert.deepEqual(d, { date: d.date, ...want }, `day ${new Date(d.date * 1000).toISOString()}`);
    }
    assert.ok(stat.some((d) => d.date === dayOf(early[0]!.date)) && stat.some((d) => d.date === dayOf(today[0]!.date)));
    assert.deepEqual(r.body.data.total, {
      outbound: { count: 3, price: round6(earlyPrice + today[0]!.message_price) },
      inbound: { count: 1 },
      bounced: { count: 1 },
    });

    // Another account sees none of it.
    const other = await s.createAccount('stats-other');
    const theirs = await s.request('GET', '/v3/statistics/sms', { as: other });
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.data.total, { outbound: { count: 0, price: 0 }, inbound: { count: 0 }, bounced: { count: 0 } });
  });

  it('needs access_reporting: 403 without it, the account-wide figures with it', async () => {
    const mk = async (api_username: string, access_reporting: number) => {
      const r = await s.request('POST', '/v3/subaccounts', {
        body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_reporting },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { username: api_username, apiKey: r.body.data.api_key as string };
    };
    const denied = await s.request('GET', '/v3/statistics/sms', { as: await mk('no-reporting', 0) });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.http_code, 403);
    assert.equal(denied.body.response_code, 'FORBIDDEN');
    assert.match(denied.body.response_msg, /access_reporting/);
    const allowed = await s.request('GET', '/v3/statistics/sms', { as: await mk('with-reporting', 1) });
    assert.equal(allowed.status, 200);
    const owner = await s.request('GET', '/v3/statistics/sms');
    assert.deepEqual(allowed.body.data.total, owner.body.data.total);
  });

  it('requires credentials', async () => {
    const r = await s.request('GET', '/v3/statistics/sms', { as: null });
    assert.equal(r.status, 401);
    assert.equal(r.body.response_code, 'UNAUTHORIZED');
  });
});
