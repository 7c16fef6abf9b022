import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

describe('accounts over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('GET /v3/account returns the account in the envelope with the key that authenticated', async () => {
    const r = await s.request('GET', '/v3/account');
    assert.equal(r.status, 200);
    assert.equal(r.body.http_code, 200);
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.data.username, s.owner.username);
    assert.equal(r.body.data.balance, '20.000000');
    assert.equal(r.body.data._currency.currency_name_short, 'AUD');
    assert.equal(r.body.data._subaccount.api_key, s.owner.apiKey);
  });

  it('refuses a wrong key with 401 in the envelope', async () => {
    const r = await s.request('GET', '/v3/account', { as: { username: s.owner.username, apiKey: 'nope' } });
    assert.equal(r.status, 401);
    assert.equal(r.body.response_code, 'UNAUTHORIZED');
    assert.equal(r.body.http_code, 401);
  });
});
