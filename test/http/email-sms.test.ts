import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

describe('Email-to-SMS allowed addresses and stripped strings over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const createAddress = (body: unknown, as?: { username: string; apiKey: string }) => s.request('POST', '/v3/sms/email-sms', { body, ...(as ? { as } : {}) });
  const subaccount = async (api_username: string, access_sms: number) => {
    const r = await s.request('POST', '/v3/subaccounts', {
      body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_sms },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { id: r.body.data.subaccount_id as number, username: api_username, apiKey: r.body.data.api_key as string };
  };

  it('creates, gets, lists, updates and deletes an address with the documented shapes and messages', async () => {
    const created = await createAddress({ email_address: '  Alice@Example.COM ', from: '+61411111111' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_msg, 'New data has been saved.');
    const a = created.body.data;
    assert.deepEqual(Object.keys(a).sort(), ['email_address', 'email_address_id', 'from']);
    assert.equal(a.email_address, 'alice@example.com', 'stored lower case, trimmed');
    assert.equal(a.from, '+61411111111');

    const got = await s.request('GET', `/v3/sms/email-sms/${a.email_address_id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.response_msg, 'Here are some data.');
    assert.deepEqual(got.body.data, a);

    const list = await s.request('GET', '/v3/sms/email-sms');
    assert.equal(list.body.response_msg, 'Here are some data.');
    assert.equal(list.body.data.per_page, 15);
    assert.ok(list.body.data.data.some((x: any) => x.email_address_id === a.email_address_id));

    const updated = await s.request('PUT', `/v3/sms/email-sms/${a.email_address_id}`, { body: { email_address: 'alice2@example.com', from: 'Shop24' } });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.response_msg, 'Your data has been updated.');
    assert.deepEqual(updated.body.data, { email_address: 'alice2@example.com', email_address_id: a.email_address_id, from: 'Shop24' });
    const keepFrom = await s.request('PUT', `/v3/sms/email-sms/${a.email_address_id}`, { body: { email_address: 'alice3@example.com' } });
    assert.equal(keepFrom.body.data.from, 'Shop24', 'from is optional on update and kept');

    const deleted = await s.request('DELETE', `/v3/sms/email-sms/${a.email_address_id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.response_msg, 'Allowed email address was deleted.');
    assert.deepEqual(deleted.body.data, []);
    const gone = await s.request('GET', `/v3/sms/email-sms/${a.email_address_id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.response_code, 'NOT_FOUND');
  });

  describe('address validation', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['a missing email_address', { from: 'Shop' }, /email_address is required/],
      ['a missing from', { email_address: 'a@example.com' }, /from is required/],
      ['an email_address that is not one', { email_address: 'not-an-address', from: 'Shop' }, /email_address is not an email address/],
      ['an email_address over 254 characters', { email_address: `${'a'.repeat(250)}@example.com`, from: 'Shop' }, /email_address must be at most 254/],
      ['a from with a space', { email_address: 'a@example.com', from: 'my shop' }, /from must be a phone number or a sender id/],
      ['a from of 12 letters', { email_address: 'a@example.com', from: 'ABCDEFGHIJKL' }, /from must be a phone number or a sender id/],
      ['a subaccount_id that is not a number', { email_address: 'a@example.com', from: 'Shop', subaccount_id: 'abc' }, /subaccount_id must be the id of one of your subaccounts/],
      ['a subaccount_id of no subaccount', { email_address: 'a@example.com', from: 'Shop', subaccount_id: '999999' }, /subaccount_id 999999 is not a subaccount of this account/],
    ];
    for (const [what, body, message] of cases) {
      it(`POST refuses ${what} with 400 naming the field`, async () => {
        const r = await createAddress(body);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.http_code, 400);
        assert.match(r.body.response_msg, message);
      });
    }

    it('refuses the same address twice in one account (ALREADY_EXISTS), whatever its case', async () => {
      assert.equal((await createAddress({ email_address: 'twice@example.com', from: 'Shop' })).status, 200);
      const again = await createAddress({ email_address: 'TWICE@example.com', from: 'Other' });
      assert.equal(again.status, 400);
      assert.equal(again.body.response_code, 'ALREADY_EXISTS');
      assert.match(again.body.response_msg, /email_address "twice@example.com" is already allowed/);
    });

    it("takes subaccount_id as a string or a number, for one of the account's subaccounts only", async () => {
      const sub = await subaccount('email-sms-usage', 1);
      assert.equal((await createAddress({ email_address: 'sub1@example.com', from: 'Shop', subaccount_id: String(sub.id) })).status, 200);
      assert.equal((await createAddress({ email_address: 'sub2@example.com', from: 'Shop', subaccount_id: sub.id })).status, 200);
      const other = await s.createAccount('emailsms-other-sub');
      const theirSub = await s.request('GET', '/v3/account', { as: other });
      const theirId = theirSub.body.data._subaccount.subaccount_id;
      assert.equal(typeof theirId, 'number');
      const r = await createAddress({ email_address: 'sub3@example.com', from: 'Shop', subaccount_id: theirId });
      assert.equal(r.status, 400, "another account's subaccount is refused");
      assert.match(r.body.response_msg, /is not a subaccount of this account/);
    });
  });

  it('creates, gets, lists, updates and deletes a stripped string with the documented shapes and messages', async () => {
    const created = await s.request('POST', '/v3/sms/email-sms-stripped-strings', { body: { strip_string: '~~~~test~~~~' } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_msg, 'Strip string has been created.');
    const r = created.body.data;
    assert.deepEqual(Object.keys(r).sort(), ['rule_id', 'strip_string']);
    assert.equal(r.strip_string, '~~~~test~~~~');
    const got = await s.request('GET', `/v3/sms/email-sms-stripped-strings/${r.rule_id}`);
    assert.equal(got.body.response_msg, 'Here is your result.');
    assert.deepEqual(got.body.data, r);
    const list = await s.request('GET', '/v3/sms/email-sms-stripped-strings');
    assert.equal(list.body.response_msg, 'Here is your result.');
    assert.deepEqual(list.body.data.data, [r]);
    const updated = await s.request('PUT', `/v3/sms/email-sms-stripped-strings/${r.rule_id}`, { body: { strip_string: '~~~~test1~~~~' } });
    assert.equal(updated.body.response_msg, 'Strip string has been updated.');
    assert.deepEqual(updated.body.data, { rule_id: r.rule_id, strip_string: '~~~~test1~~~~' });
    const deleted = await s.request('DELETE', `/v3/sms/email-sms-stripped-strings/${r.rule_id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.response_msg, 'Strip string has been deleted.');
    assert.equal(deleted.body.data, true, 'ClickSend answers true here');
    assert.equal((await s.request('GET', `/v3/sms/email-sms-stripped-strings/${r.rule_id}`)).status, 404);
  });

  describe('stripped string validation', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['a missing strip_string', {}, /strip_string is required/],
      ['an empty strip_string', { strip_string: '' }, /strip_string must not be empty/],
      ['a strip_string of spaces only', { strip_string: '   ' }, /strip_string must not be blank/],
      ['a strip_string over 500 characters', { strip_string: 'x'.repeat(501) }, /strip_string must be at most 500/],
    ];
    for (const [what, body, message] of cases) {
      it(`POST refuses ${what} with 400 naming the field`, async () => {
        const r = await s.request('POST', '/v3/sms/email-sms-stripped-strings', { body });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.match(r.body.response_msg, message);
      });
    }
  });

  it("answers 404 for another account's address and stripped string, on every route, and changes nothing", async () => {
    const other = await s.createAccount('emailsms-tenant');
    const theirs = (await createAddress({ email_address: 'theirs@example.com', from: 'Theirs' }, other)).body.data;
    const theirStrip = (await s.request('POST', '/v3/sms/email-sms-stripped-strings', { as: other, body: { strip_string: 'secret' } })).body.data;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/v3/sms/email-sms/${theirs.email_address_id}`],
      ['PUT', `/v3/sms/email-sms/${theirs.email_address_id}`, { email_address: 'mine@example.com' }],
      ['DELETE', `/v3/sms/email-sms/${theirs.email_address_id}`],
      ['GET', `/v3/sms/email-sms-stripped-strings/${theirStrip.rule_id}`],
      ['PUT', `/v3/sms/email-sms-stripped-strings/${theirStrip.rule_id}`, { strip_string: 'x' }],
      ['DELETE', `/v3/sms/email-sms-stripped-strings/${theirStrip.rule_id}`],
    ];
    for (const [method, path, body] of routes) {
      const r = await s.request(method, path, body ? { body } : {});
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.body.response_code, 'NOT_FOUND');
    }
    const mine = await s.request('GET', '/v3/sms/email-sms?limit=100');
    assert.ok(!mine.body.data.data.some((x: any) => x.email_address_id === theirs.email_address_id), 'not in my list');
    assert.deepEqual((await s.request('GET', `/v3/sms/email-sms/${theirs.email_address_id}`, { as: other })).body.data, theirs, 'unchanged');
    assert.equal((await s.request('GET', `/v3/sms/email-sms-stripped-strings/${theirStrip.rule_id}`, { as: other })).body.data.strip_string, 'secret');
    // The same address may be allowed by two accounts (the SMTP listener then asks the sender to authenticate).
    assert.equal((await createAddress({ email_address: 'theirs@example.com', from: 'Mine' })).status, 200);
  });

  it('needs access_sms: a subaccount without it gets 403 on every route, one with it shares the account rows', async () => {
    const a = (await createAddress({ email_address: 'shared@example.com', from: 'Shop' })).body.data;
    const without = await subaccount('no-email-sms', 0);
    const withSms = await subaccount('email-sms-user', 1);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v3/sms/email-sms'],
      ['POST', '/v3/sms/email-sms', { email_address: 'x@example.com', from: 'Shop' }],
      ['GET', `/v3/sms/email-sms/${a.email_address_id}`],
      ['PUT', `/v3/sms/email-sms/${a.email_address_id}`, { email_address: 'x@example.com' }],
      ['DELETE', `/v3/sms/email-sms/${a.email_address_id}`],
      ['GET', '/v3/sms/email-sms-stripped-strings'],
      ['POST', '/v3/sms/email-sms-stripped-strings', { strip_string: 'x' }],
      ['GET', '/v3/sms/email-sms-stripped-strings/1'],
      ['PUT', '/v3/sms/email-sms-stripped-strings/1', { strip_string: 'x' }],
      ['DELETE', '/v3/sms/email-sms-stripped-strings/1'],
    ];
    for (const [method, path, body] of routes) {
      const r = await s.request(method, path, { as: without, ...(body ? { body } : {}) });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.match(r.body.response_msg, /access_sms/);
    }
    const got = await s.request('GET', `/v3/sms/email-sms/${a.email_address_id}`, { as: withSms });
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.data, a);
  });

  it('lets a subaccount tie an address only to itself: its own by default, never the main account or another subaccount', async () => {
    const me = await subaccount('email-sms-self', 1);
    const other = await subaccount('email-sms-other', 1);
    const mine = await s.request('POST', '/v3/sms/email-sms', { as: me, body: { email_address: 'self@example.com', from: 'Shop' } });
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const row = await s.dbh.db.selectFrom('email_sms_addresses').select('subaccount_id').where('id', '=', mine.body.data.email_address_id).executeTakeFirstOrThrow();
    assert.equal(Number(row.subaccount_id), me.id);
    for (const subaccount_id of [other.id, null]) {
      const r = await s.request('POST', '/v3/sms/email-sms', { as: me, body: { email_address: 'steal@example.com', from: 'Shop', subaccount_id } });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.response_msg, /subaccount_id must be your own/);
      const u = await s.request('PUT', `/v3/sms/email-sms/${mine.body.data.email_address_id}`, { as: me, body: { email_address: 'self@example.com', subaccount_id } });
      assert.equal(u.status, 400, JSON.stringify(u.body));
    }
  });

  it('requires credentials', async () => {
    const r = await s.request('GET', '/v3/sms/email-sms', { as: null });
    assert.equal(r.status, 401);
    assert.equal(r.body.response_code, 'UNAUTHORIZED');
  });
});
