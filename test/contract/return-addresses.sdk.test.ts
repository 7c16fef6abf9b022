import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

function address(fields: Partial<Record<string, string>>) {
  const a = new clicksend.Address();
  Object.assign(a, { addressName: 'My Address', addressLine1: 'Maritime Avenue', addressCity: 'Flynn', addressPostalCode: '6302', addressCountry: 'AU', addressState: 'WA', ...fields });
  return a;
}

describe('PostReturnAddressApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('creates, lists, reads, updates and deletes with the documented shapes and messages', async () => {
    const api = sdk(s, 'PostReturnAddressApi');
    const c = await call(api.postReturnAddressesPost(address({ addressLine2: 'Unit 1' })));
    assert.equal(c.status, 200);
    assert.equal(c.body.response_msg, 'New return address has been added.');
    const id = c.body.data.return_address_id;
    assert.deepEqual(c.body.data, {
      address_city: 'Flynn',
      address_country: 'AU',
      address_line_1: 'Maritime Avenue',
      address_line_2: 'Unit 1',
      address_name: 'My Address',
      address_postal_code: '6302',
      address_state: 'WA',
      return_address_id: id,
      user_id: s.owner.accountId,
    });

    const list = await call(api.postReturnAddressesGet(1, 15));
    assert.equal(list.status, 200);
    assert.equal(list.body.response_msg, 'Here are your records.');
    assert.deepEqual([list.body.data.total, list.body.data.per_page, list.body.data.current_page, list.body.data.last_page, list.body.data.from, list.body.data.to], [1, 15, 1, 1, 1, 1]);
    assert.equal(list.body.data.data[0].return_address_id, id);

    const got = await call(api.postReturnAddressesByReturnAddressIdGet(id));
    assert.equal(got.body.response_msg, 'Here is your data.');
    assert.deepEqual(got.body.data, c.body.data);

    const up = await call(api.postReturnAddressesByReturnAddressIdPut(id, address({ addressName: 'Head Office', addressPostalCode: '6303' })));
    assert.equal(up.status, 200);
    assert.equal(up.body.response_msg, 'Your return address has been updated.');
    assert.equal(up.body.data.address_name, 'Head Office');
    assert.equal(up.body.data.address_postal_code, '6303');

    const del = await call(api.postReturnAddressesByReturnAddressIdDelete(id));
    assert.equal(del.status, 200);
    assert.equal(del.body.response_msg, 'Your return address has been deleted.');
    assert.deepEqual(del.body.data, []);
    const gone = await call(api.postReturnAddressesByReturnAddressIdGet(id));
    assert.equal(gone.status, 404);
    assert.equal(gone.body.response_code, 'NOT_FOUND');
  });

  it('answers 400 naming the field for a bad country, and 401 for wrong credentials', async () => {
    const bad = await call(sdk(s, 'PostReturnAddressApi').postReturnAddressesPost(address({ addressCountry: 'Australia' })));
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /address_country/);
    const denied = await call(sdk(s, 'PostReturnAddressApi', { username: s.owner.username, apiKey: 'wrong' }).postReturnAddressesGet());
    assert.equal(denied.status, 401);
    assert.equal(denied.body.response_code, 'UNAUTHORIZED');
  });
});
