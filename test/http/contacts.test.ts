import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

describe('contacts: lists and contacts', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('creates a list and a contact with the documented shapes', async () => {
    const list = await s.request('POST', '/v3/lists', { body: { list_name: 'Customers' } });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.response_msg, 'New list has been created.');
    const id = list.body.data.list_id;
    const c = await s.request('POST', `/v3/lists/${id}/contacts`, { body: { phone_number: '0411 111 111', first_name: 'Ellen' } });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    console.log(c.body);
  });
});
