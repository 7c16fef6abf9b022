import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { historyOf, mobile, money, SANDBOX, sendSms } from '../helpers/sms.js';

/**
 * A second account's credentials, swept over every SMS route that names an id: 404 for the first
 * account's messages, receipts and inbound messages; its lists show nothing of them; and its bulk
 * calls (cancel-all, mark read) leave them untouched.
 */
describe('SMS tenancy', () => {
  let s: TestServer;
  let t = Date.UTC(2030, 8, 1);
  const clock = { nowMs: () => t };
  let scheduled: string;
  let delivered: string;
  let inbound: string;

  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0', SMS_RECEIPT_DELAY_MS: '0' } });
    const r = await sendSms(s, [
      { to: mobile(1), body: 'victim later', schedule: Math.floor(t / 1000) + 3600 },
      { to: SANDBOX.replies, body: 'victim now', custom_string: 'secret' },
    ]);
    [scheduled, delivered] = r.body.data.messages.map((m: any) => m.message_id);
    await s.services.dispatcher.runOnce();
    await s.services.sms.receiptSweep.runOnce();
    inbound = (await s.request('GET', '/v3/sms/inbound')).body.data.data[0].message_id;
  });
  after(() => s.close());

  it("a second account gets 404 for every route naming the first account's ids, and changes nothing", async () => {
    const intruder = await s.createAccount('sms-intruder');
    const victimMoney = await money(s, s.owner.accountId);
    const attempts: Array<[string, string, unknown?]> = [
      ['PUT', `/v3/sms/${scheduled}/cancel`],
      ['GET', `/v3/sms/receipts/${delivered}`],
      ['PUT', `/v3/sms/inbound-read/${inbound}`],
      ['GET', `/v3/sms/inbound/${delivered}`],
      ['POST', '/v3/sms/inbound', { url: 'https://example.com/i', original_message_id: delivered }],
    ];
    for (const [method, path, body] of attempts) {
      const r = await s.request(method, path, { as: intruder, ...(body ? { body } : {}) });
      assert.deepEqual([r.status, r.body.response_code], [404, 'NOT_FOUND'], `${method} ${path}`);
    }
    assert.deepEqual((await s.request('PUT', '/v3/sms/cancel-all', { as: intruder })).body.data, { count: 0 });
    assert.equal((await s.request('PUT', '/v3/sms/receipts-read', { as: intruder })).status, 200);
    assert.equal((await s.request('PUT', '/v3/sms/inbound-read', { as: intruder })).status, 200);

    // Nothing of the victim's shows in the intruder's lists or exports.
    for (const path of ['/v3/sms/history', `/v3/sms/history?q=message_id:${delivered}`, '/v3/sms/receipts', '/v3/sms/inbound']) {
      const r = await s.request('GET', path, { as: intruder });
      assert.deepEqual([r.status, r.body.data.total], [200, 0], path);
    }
    const exp = await s.request('GET', '/v3/sms/history/export?filename=x.csv', { as: intruder });
    const csv = (await (await fetch(exp.body.data.url)).text()).trim().split('\n');
    assert.equal(csv.length, 1, 'the header only');

    // The victim's data is as it was.
    assert.equal((await historyOf(s, scheduled))!.status, 'Scheduled');
    assert.deepEqual(await money(s, s.owner.accountId), victimMoney);
    assert.equal((await s.request('GET', '/v3/sms/receipts')).body.data.total, 1);
    assert.deepEqual(
      (await s.request('GET', '/v3/sms/inbound')).body.data.data.map((m: any) => m.message_id),
      [inbound],
    );
    assert.equal((await s.request('GET', `/v3/sms/inbound/${delivered}`)).status, 200);
  });

  it("a subaccount of another account cannot reach the first account's messages either", async () => {
    const other = await s.createAccount('sms-other-owner');
    const sub = await s.request('POST', '/v3/subaccounts', {
      as: other,
      body: { api_username: 'sms-other-sub', password: 'password-123', email: 'o@example.com', phone_number: '+61411111111', first_name: 'O', last_name: 'S', access_sms: 1 },
    });
    const who = { username: 'sms-other-sub', apiKey: sub.body.data.api_key as string };
    assert.equal((await s.request('PUT', `/v3/sms/${scheduled}/cancel`, { as: who })).status, 404);
    assert.equal((await s.request('GET', `/v3/sms/receipts/${delivered}`, { as: who })).status, 404);
    assert.equal((await historyOf(s, scheduled))!.status, 'Scheduled');
  });
});
