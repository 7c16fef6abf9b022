import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('StatisticsApi.statisticsSmsGet (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it("returns the documented shape with today's outbound SMS counted and priced", async () => {
    const sent = await s.request('POST', '/v3/sms/send', { body: { messages: [{ to: '+61491570006', body: 'counted by statistics' }] } });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const price = sent.body.data.messages[0].message_price as number;

    const r = await call(sdk(s, 'StatisticsApi').statisticsSmsGet());
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.http_code, 200);
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Here are your data.');
    const data = r.body.data;
    // ClickSend's example names the currency key `currency` on this endpoint, not `_currency`.
    assert.deepEqual(Object.keys(data).sort(), ['currency', 'stat', 'total']);
    assert.deepEqual(Object.keys(data.currency).sort(), ['currency_name_long', 'currency_name_short', 'currency_prefix_c', 'currency_prefix_d']);
    assert.equal(data.currency.currency_name_short, 'AUD');
    for (const day of data.stat) {
      assert.deepEqual(Object.keys(day).sort(), ['bounced', 'date', 'inbound', 'outbound']);
      assert.equal(typeof day.date, 'number');
      assert.equal(typeof day.outbound.count, 'number');
      assert.equal(typeof day.outbound.price, 'number');
      assert.equal(typeof day.inbound.count, 'number');
      assert.equal(typeof day.bounced.count, 'number');
    }
    const today = data.stat.find((d: any) => d.date === Math.floor(sent.body.data.messages[0].date / 86_400) * 86_400);
    assert.ok(today, 'the day of the send is in stat');
    assert.deepEqual(today.outbound, { count: 1, price });
    assert.deepEqual(data.total, { outbound: { count: 1, price }, inbound: { count: 0 }, bounced: { count: 0 } });
  });
});
