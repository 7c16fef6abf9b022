import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('EmailToSmsApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('smsEmailSmsPost and smsEmailSmsGet: creates an allowed address and lists it with the documented shapes and messages', async () => {
    const api = sdk(s, 'EmailToSmsApi');
    const address = Object.assign(new clicksend.EmailSMSAddress(), { emailAddress: 'Cv3p0@gmail.com', from: '+17128845887' });
    const created = await call(api.smsEmailSmsPost(address));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_code, 'SUCCESS');
    assert.equal(created.body.response_msg, 'New data has been saved.');
    const a = created.body.data;
    assert.deepEqual(Object.keys(a).sort(), ['email_address', 'email_address_id', 'from']);
    assert.equal(typeof a.email_address_id, 'number');
    assert.equal(a.email_address, 'cv3p0@gmail.com');
    assert.equal(a.from, '+17128845887');

    const list = await call(api.smsEmailSmsGet(1, 15));
    assert.equal(list.status, 200);
    assert.equal(list.body.response_msg, 'Here are some data.');
    assert.deepEqual(Object.keys(list.body.data).sort(), ['current_page', 'data', 'from', 'last_page', 'next_page_url', 'per_page', 'prev_page_url', 'to', 'total']);
    assert.equal(list.body.data.total, 1);
    assert.deepEqual(list.body.data.data, [a]);

    const bad = await call(api.smsEmailSmsPost(Object.assign(new clicksend.EmailSMSAddress(), { emailAddress: 'nope', from: 'Shop' })));
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /email_address/);
  });

  it('smsEmailSmsPost takes the subaccount_id string the SDK sends', async () => {
    const api = sdk(s, 'EmailToSmsApi');
    const account = await call(sdk(s, 'AccountApi').accountGet());
    const subId = String(account.body.data._subaccount.subaccount_id);
    const created = await call(api.smsEmailSmsPost(Object.assign(new clicksend.EmailSMSAddress(), { emailAddress: 'withsub@example.com', from: 'Shop24', subaccountId: subId })));
    assert.equal(created.status, 200, JSON.stringify(created.body));
  });

  it('smsEmailSmsStrippedStringPost, …Get, …sGet, …Put and …Delete with the documented shapes and messages', async () => {
    const api = sdk(s, 'EmailToSmsApi');
    const strip = (text: string) => Object.assign(new clicksend.StrippedString(), { stripString: text });
    const created = await call(api.smsEmailSmsStrippedStringPost(strip('~~~~test~~~~')));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_msg, 'Strip string has been created.');
    const r = created.body.data;
    assert.deepEqual(Object.keys(r).sort(), ['rule_id', 'strip_string']);
    assert.equal(r.strip_string, '~~~~test~~~~');

    const got = await call(api.smsEmailSmsStrippedStringGet(r.rule_id));
    assert.equal(got.status, 200);
    assert.equal(got.body.response_msg, 'Here is your result.');
    assert.deepEqual(got.body.data, r);

    const list = await call(api.smsEmailSmsStrippedStringsGet(1, 15));
    assert.equal(list.body.response_msg, 'Here is your result.');
    assert.deepEqual(list.body.data.data, [r]);
    assert.equal(list.body.data.per_page, 15);

    const updated = await call(api.smsEmailSmsStrippedStringPut(strip('~~~~test1~~~~'), r.rule_id));
    assert.equal(updated.status, 200);
    assert.equal(updated.body.response_msg, 'Strip string has been updated.');
    assert.deepEqual(updated.body.data, { rule_id: r.rule_id, strip_string: '~~~~test1~~~~' });

    const deleted = await call(api.smsEmailSmsStrippedStringDelete(r.rule_id));
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.response_msg, 'Strip string has been deleted.');
    assert.equal(deleted.body.data, true);
    const gone = await call(api.smsEmailSmsStrippedStringGet(r.rule_id));
    assert.equal(gone.status, 404);
    assert.equal(gone.body.response_code, 'NOT_FOUND');
  });
});
