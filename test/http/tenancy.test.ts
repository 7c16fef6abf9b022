import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Another account's credentials, swept over every route of the account and subaccount groups: it sees
 * and changes only its own rows, and the victim's data is unchanged afterwards.
 */
describe('tenancy', () => {
  let s: TestServer;
  let victimSub: number;
  let victimOwner: number;
  before(async () => {
    s = await startServer();
    const r = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'victim-sub', password: 'password-123', email: 'v@example.com', phone_number: '+61411111111', first_name: 'V', last_name: 'S' },
    });
    victimSub = r.body.data.subaccount_id;
    victimOwner = (await s.services.accounts.repo.findPrimarySubaccount(s.owner.accountId))!.id;
  });
  after(() => s.close());

  it("a second account gets 404 for every route that names the first account's subaccounts", async () => {
    const intruder = await s.createAccount('intruder');
    for (const id of [victimSub, victimOwner]) {
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', `/v3/subaccounts/${id}`],
        ['PUT', `/v3/subaccounts/${id}`, { first_name: 'pwned', access_billing: 1 }],
        ['DELETE', `/v3/subaccounts/${id}`],
        ['PUT', `/v3/subaccounts/${id}/regen-api-key`],
      ];
      for (const [method, path, body] of attempts) {
        const r = await s.request(method, path, { as: intruder, ...(body ? { body } : {}) });
        assert.equal(r.status, 404, `${method} ${path} → ${r.status}`);
        assert.equal(r.body.response_code, 'NOT_FOUND');
      }
    }
    const list = await s.request('GET', '/v3/subaccounts', { as: intruder });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.data.data.map((x: any) => x.api_username),
      ['intruder'],
    );
    const me = await s.request('GET', '/v3/account', { as: intruder });
    assert.equal(me.body.data.username, 'intruder');
    assert.notEqual(me.body.data.user_id, s.owner.accountId);
    const put = await s.request('PUT', '/v3/account', { as: intruder, body: { account_name: 'Intruder Ltd' } });
    assert.equal(put.status, 200);
    const now = new Date();
    await s.services.ledger.debit({ accountId: s.owner.accountId, subaccountId: victimOwner, amountMicros: 1000, product: 'sms', description: 'victim usage' });
    const usage = await s.request('GET', `/v3/account/usage/${now.getUTCFullYear()}/${now.getUTCMonth() + 1}/subaccount`, { as: intruder });
    assert.deepEqual(usage.body.data.sms, [], "the victim's usage is not in the intruder's report");

    // The victim's rows are untouched.
    const victim = await s.request('GET', `/v3/subaccounts/${victimSub}`);
    assert.equal(victim.status, 200);
    assert.equal(victim.body.data.first_name, 'V');
    assert.equal(victim.body.data.access_billing, 0);
    const victimAccount = await s.request('GET', '/v3/account');
    assert.notEqual(victimAccount.body.data.account_name, 'Intruder Ltd');
  });

  it("a subaccount's key cannot reach a different account's data either", async () => {
    const other = await s.createAccount('other-owner');
    const sub = await s.request('POST', '/v3/subaccounts', {
      as: other,
      body: { api_username: 'other-admin', password: 'password-123', email: 'o@example.com', phone_number: '+61411111111', first_name: 'O', last_name: 'A', access_users: 1 },
    });
    const who = { username: 'other-admin', apiKey: sub.body.data.api_key };
    const r = await s.request('GET', `/v3/subaccounts/${victimSub}`, { as: who });
    assert.equal(r.status, 404);
  });
});
