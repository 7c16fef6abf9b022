import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

const NO_ACCESS = {
  access_users: 0,
  access_billing: 0,
  access_reporting: 0,
  access_contacts: 0,
  access_settings: 0,
  access_sms: 0,
  access_email: 0,
  access_voice: 0,
  access_fax: 0,
  access_post: 0,
  access_reseller: 0,
  access_mms: 0,
};

/** Who may change whose credentials: no subaccount acts with permissions it lacks, nobody but the owner changes the owner's. */
describe('security: credentials of subaccounts and the owner', () => {
  let s: TestServer;
  let n = 0;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  async function subaccount(access: Partial<typeof NO_ACCESS>) {
    n += 1;
    const username = `cred-sub-${n}`;
    const r = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: username, password: 'sub-passw0rd', email: `${username}@example.com`, phone_number: '+61411111111', first_name: 'C', last_name: 'S', ...NO_ACCESS, ...access },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { id: r.body.data.subaccount_id as number, who: { username, apiKey: r.body.data.api_key as string } };
  }

  async function ownerSubaccountId() {
    const r = await s.request('GET', '/v3/account');
    return r.body.data._subaccount.subaccount_id as number;
  }

  it('a subaccount with only access_users gets 403 on the key, password, permissions or deletion of a subaccount with more permissions', async () => {
    const manager = await subaccount({ access_users: 1 });
    const admin = await subaccount({ access_users: 1, access_settings: 1 });
    const attempts = [
      ['PUT', `/v3/subaccounts/${admin.id}/regen-api-key`, undefined],
      ['PUT', `/v3/subaccounts/${admin.id}`, { password: 'taken-over-1' }],
      ['PUT', `/v3/subaccounts/${admin.id}`, { email: 'attacker@example.com' }],
      ['PUT', `/v3/subaccounts/${admin.id}`, { access_settings: 0 }],
      ['DELETE', `/v3/subaccounts/${admin.id}`, undefined],
    ] as const;
    for (const [method, path, body] of attempts) {
      const r = await s.request(method, path, { as: manager.who, ...(body ? { body } : {}) });
      assert.deepEqual([r.status, r.body.response_code], [403, 'FORBIDDEN'], `${method} ${path} ${JSON.stringify(body)}`);
      assert.match(r.body.response_msg, /access_settings/);
    }
    const still = await s.request('GET', '/v3/account', { as: admin.who });
    assert.equal(still.status, 200, "the admin's key still works");
    const pw = await s.request('GET', '/v3/account', { as: { username: admin.who.username, apiKey: 'taken-over-1' } });
    assert.equal(pw.status, 401, "the admin's password did not change");
  });

  it('a subaccount with only access_users gets 403 on the owner, and may still manage subaccounts it covers and itself', async () => {
    const manager = await subaccount({ access_users: 1, access_sms: 1 });
    const owner = await ownerSubaccountId();
    for (const [method, path, body] of [
      ['PUT', `/v3/subaccounts/${owner}/regen-api-key`, undefined],
      ['PUT', `/v3/subaccounts/${owner}`, { password: 'taken-over-1' }],
    ] as const) {
      const r = await s.request(method, path, { as: manager.who, ...(body ? { body } : {}) });
      assert.deepEqual([r.status, r.body.response_code], [403, 'FORBIDDEN'], `${method} ${path}`);
    }
    const sender = await subaccount({ access_sms: 1 });
    const regen = await s.request('PUT', `/v3/subaccounts/${sender.id}/regen-api-key`, { as: manager.who });
    assert.equal(regen.status, 200, 'access_users ⊇ the sender’s permissions');
    const pw = await s.request('PUT', `/v3/subaccounts/${sender.id}`, { as: manager.who, body: { password: 'reset-by-manager' } });
    assert.equal(pw.status, 200);
    const self = await s.request('PUT', `/v3/subaccounts/${manager.id}/regen-api-key`, { as: manager.who });
    assert.equal(self.status, 200, 'its own key');
    const del = await s.request('DELETE', `/v3/subaccounts/${sender.id}`, { as: { username: manager.who.username, apiKey: self.body.data.api_key } });
    assert.equal(del.status, 200);
  });

  it('the owner still changes any subaccount', async () => {
    const admin = await subaccount({ access_users: 1, access_settings: 1, access_billing: 1 });
    const r = await s.request('PUT', `/v3/subaccounts/${admin.id}/regen-api-key`);
    assert.equal(r.status, 200);
  });

  it('a subaccount with access_settings gets 403 on PUT /account with password, username or user_email, and the owner keeps them', async () => {
    const settings = await subaccount({ access_settings: 1 });
    const before = (await s.request('GET', '/v3/account')).body.data;
    for (const body of [{ password: 'owner-taken-1' }, { username: 'owner-taken' }, { user_email: 'attacker@example.com' }, { account_name: 'X', password: 'owner-taken-1' }]) {
      const r = await s.request('PUT', '/v3/account', { as: settings.who, body });
      assert.deepEqual([r.status, r.body.response_code], [403, 'FORBIDDEN'], JSON.stringify(body));
      assert.match(r.body.response_msg, /Only the account owner/);
    }
    const signIn = await s.request('GET', '/v3/account', { as: { username: s.owner.username, apiKey: 'owner-taken-1' } });
    assert.equal(signIn.status, 401, "the owner's password did not change");
    const after = (await s.request('GET', '/v3/account')).body.data;
    assert.deepEqual([after.username, after.user_email, after.account_name], [before.username, before.user_email, before.account_name]);

    const settingsOk = await s.request('PUT', '/v3/account', { as: settings.who, body: { account_name: 'Renamed', username: before.username, user_email: before.user_email } });
    assert.equal(settingsOk.status, 200, 'other settings, and the unchanged username and email echoed back, are fine');
    const ownerOk = await s.request('PUT', '/v3/account', { body: { password: 'owner-new-passw0rd' } });
    assert.equal(ownerOk.status, 200, 'the owner changes its own password');
    assert.equal((await s.request('GET', '/v3/account', { as: { username: s.owner.username, apiKey: 'owner-new-passw0rd' } })).status, 200);
  });
});
