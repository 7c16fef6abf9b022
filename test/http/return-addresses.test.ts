import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

const flynn = { address_name: 'My Address', address_line_1: 'Maritime Avenue', address_city: 'Flynn', address_postal_code: '6302', address_country: 'au', address_state: 'WA' };

describe('return addresses over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('creates, lists, reads, updates and deletes with the documented shapes', async () => {
    const c = await s.request('POST', '/v3/post/return-addresses', { body: flynn });
    assert.equal(c.status, 200);
    assert.equal(c.body.response_msg, 'New return address has been added.');
    assert.deepEqual(c.body.data, {
      address_city: 'Flynn',
      address_country: 'AU',
      address_line_1: 'Maritime Avenue',
      address_line_2: '',
      address_name: 'My Address',
      address_postal_code: '6302',
      address_state: 'WA',
      return_address_id: c.body.data.return_address_id,
      user_id: s.owner.accountId,
    });
    const id = c.body.data.return_address_id;
    const list = await s.request('GET', '/v3/post/return-addresses');
    assert.equal(list.body.response_msg, 'Here are your records.');
    assert.equal(list.body.data.total, 1);
    const got = await s.request('GET', `/v3/post/return-addresses/${id}`);
    assert.equal(got.body.response_msg, 'Here is your data.');
    const up = await s.request('PUT', `/v3/post/return-addresses/${id}`, { body: { address_line_2: 'Unit 4', address_postal_code: 6303 } });
    assert.equal(up.status, 200);
    assert.equal(up.body.response_msg, 'Your return address has been updated.');
    assert.equal(up.body.data.address_line_2, 'Unit 4');
    assert.equal(up.body.data.address_postal_code, '6303');
    assert.equal(up.body.data.address_city, 'Flynn');
    const del = await s.request('DELETE', `/v3/post/return-addresses/${id}`);
    assert.equal(del.status, 200);
    assert.deepEqual(del.body.data, []);
    assert.equal((await s.request('GET', `/v3/post/return-addresses/${id}`)).status, 404);
  });

  it('names the field when a required one is missing or the country is not ISO alpha-2', async () => {
    const { address_city: _omit, ...noCity } = flynn;
    const r = await s.request('POST', '/v3/post/return-addresses', { body: noCity });
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, /address_city is required/);
    const c = await s.request('POST', '/v3/post/return-addresses', { body: { ...flynn, address_country: 'XX' } });
    assert.equal(c.status, 400);
    assert.match(c.body.response_msg, /address_country/);
  });

  it('another account neither sees nor changes them; a subaccount without access_post gets 403', async () => {
    const mine = (await s.request('POST', '/v3/post/return-addresses', { body: flynn })).body.data.return_address_id;
    const other = await s.createAccount('ra-intruder');
    for (const [method, body] of [['GET'], ['PUT', { address_name: 'x' }], ['DELETE']] as const) {
      const r = await s.request(method, `/v3/post/return-addresses/${mine}`, { as: other, ...(body ? { body } : {}) });
      assert.equal(r.status, 404, method);
    }
    assert.equal((await s.request('GET', '/v3/post/return-addresses', { as: other })).body.data.total, 0);
    assert.equal((await s.request('GET', `/v3/post/return-addresses/${mine}`)).body.data.address_name, 'My Address');
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'no-post', password: 'password-123', email: 'np@example.com', phone_number: '+61411111111', first_name: 'N', last_name: 'P', access_post: 0 },
    });
    const r = await s.request('GET', '/v3/post/return-addresses', { as: { username: 'no-post', apiKey: sub.body.data.api_key } });
    assert.equal(r.status, 403);
  });
});
