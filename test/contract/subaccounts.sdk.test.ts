import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

function newSub(username: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new clicksend.Subaccount(), {
    apiUsername: username,
    password: 'sub-password-1',
    email: `${username}@example.com`,
    phoneNumber: '+61411111111',
    firstName: 'First',
    lastName: 'Last',
    ...extra,
  });
}

describe('SubaccountApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('creates, lists, reads, updates and deletes a subaccount', async () => {
    const api = sdk(s, 'SubaccountApi');
    const created = await call(api.subaccountsPost(newSub('sub-crud', { accessUsers: 0, accessBilling: 1 })));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_msg, 'New account has been created.');
    const sub = created.body.data;
    assert.equal(sub.api_username, 'sub-crud');
    assert.equal(sub.access_users, 0);
    assert.equal(sub.access_billing, 1);
    assert.match(sub.api_key, /^[0-9A-F-]{36}$/, 'full key on creation');
    assert.equal(typeof sub.subaccount_id, 'number');

    const list = await call(api.subaccountsGet(1, 15));
    assert.equal(list.status, 200);
    assert.equal(list.body.response_msg, 'SUCCESS');
    assert.equal(list.body.data.total, 2, 'owner + new subaccount');
    assert.equal(list.body.data.current_page, 1);
    assert.equal(list.body.data.per_page, 15);
    const listed = list.body.data.data.find((x: any) => x.subaccount_id === sub.subaccount_id);
    assert.match(listed.api_key, /\*/, 'key masked when not in hand');
    const ownerRow = list.body.data.data.find((x: any) => x.api_username === s.owner.username);
    assert.equal(ownerRow.api_key, s.owner.apiKey, 'the key that authenticated this request is in hand');

    const got = await call(api.subaccountsBySubaccountIdGet(sub.subaccount_id));
    assert.equal(got.status, 200);
    assert.equal(got.body.response_msg, 'Here are your data.');
    assert.equal(got.body.data.email, 'sub-crud@example.com');

    const updated = await call(api.subaccountsBySubaccountIdPut(sub.subaccount_id, newSub('sub-crud', { email: 'changed@example.com', firstName: 'Changed' })));
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.response_msg, `Subaccount #${sub.subaccount_id} has been updated.`);
    assert.equal(updated.body.data.email, 'changed@example.com');
    assert.equal(updated.body.data.first_name, 'Changed');

    const deleted = await call(api.subaccountsBySubaccountIdDelete(sub.subaccount_id));
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.data, true);
    assert.equal(deleted.body.response_msg, `Subaccount #${sub.subaccount_id} has been deleted`);
    const gone = await call(api.subaccountsBySubaccountIdGet(sub.subaccount_id));
    assert.equal(gone.status, 404);
    assert.equal(gone.body.response_code, 'NOT_FOUND');
    const login = await call(sdk(s, 'AccountApi', { username: 'sub-crud', apiKey: sub.api_key }).accountGet());
    assert.equal(login.status, 401, 'a deleted subaccount cannot log in');
  });

  it('regenerates a key: the new one works and the old one stops at once', async () => {
    const api = sdk(s, 'SubaccountApi');
    const sub = (await call(api.subaccountsPost(newSub('sub-regen')))).body.data;
    const oldWho = { username: 'sub-regen', apiKey: sub.api_key };
    assert.equal((await call(sdk(s, 'AccountApi', oldWho).accountGet())).status, 200);
    const r = await call(api.subaccountsRegenApiKeyBySubaccountIdPut(sub.subaccount_id));
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Your API Key has been regenerated.');
    assert.notEqual(r.body.data.api_key, sub.api_key);
    assert.equal((await call(sdk(s, 'AccountApi', oldWho).accountGet())).status, 401);
    const me = await call(sdk(s, 'AccountApi', { username: 'sub-regen', apiKey: r.body.data.api_key }).accountGet());
    assert.equal(me.status, 200);
    assert.equal(me.body.data._subaccount.api_username, 'sub-regen');
    assert.equal(me.body.data.username, s.owner.username, 'a subaccount sees its parent account');
  });

  it('refuses a duplicate api_username with ALREADY_EXISTS and a bad email naming the field', async () => {
    const api = sdk(s, 'SubaccountApi');
    const dup = await call(api.subaccountsPost(newSub(s.owner.username)));
    assert.equal(dup.status, 400);
    assert.equal(dup.body.response_code, 'ALREADY_EXISTS');
    const bad = await call(api.subaccountsPost(newSub('sub-bad', { email: 'not-an-email' })));
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /email/);
  });

  it('enforces access_users: a subaccount without it gets 403 FORBIDDEN', async () => {
    const api = sdk(s, 'SubaccountApi');
    const sub = (await call(api.subaccountsPost(newSub('sub-nousers', { accessUsers: 0 })))).body.data;
    const r = await call(sdk(s, 'SubaccountApi', { username: 'sub-nousers', apiKey: sub.api_key }).subaccountsGet());
    assert.equal(r.status, 403);
    assert.equal(r.body.response_code, 'FORBIDDEN');
    assert.match(r.body.response_msg, /access_users/);
  });

  it('a subaccount with access_users cannot grant what it lacks, nor touch the owner', async () => {
    const api = sdk(s, 'SubaccountApi');
    const admin = (await call(api.subaccountsPost(newSub('sub-admin', { accessUsers: 1, accessBilling: 0 })))).body.data;
    const asAdmin = sdk(s, 'SubaccountApi', { username: 'sub-admin', apiKey: admin.api_key });
    const escalate = await call(asAdmin.subaccountsPost(newSub('sub-escalated', { accessBilling: 1 })));
    assert.equal(escalate.status, 403);
    assert.match(escalate.body.response_msg, /access_billing/);
    const ownerId = (await s.services.accounts.repo.findPrimarySubaccount(s.owner.accountId))!.id;
    const touch = await call(asAdmin.subaccountsRegenApiKeyBySubaccountIdPut(ownerId));
    assert.equal(touch.status, 403);
    const del = await call(asAdmin.subaccountsBySubaccountIdDelete(ownerId));
    assert.equal(del.status, 403);
  });

  it('enforces access_settings on PUT /account and access_reporting on usage', async () => {
    const api = sdk(s, 'SubaccountApi');
    const sub = (await call(api.subaccountsPost(newSub('sub-plain', { accessSettings: 0, accessReporting: 0 })))).body.data;
    const who = { username: 'sub-plain', apiKey: sub.api_key };
    const put = await s.request('PUT', '/v3/account', { as: who, body: { account_name: 'Hijack' } });
    assert.equal(put.status, 403);
    const usage = await s.request('GET', '/v3/account/usage/2026/1/subaccount', { as: who });
    assert.equal(usage.status, 403);
  });
});
