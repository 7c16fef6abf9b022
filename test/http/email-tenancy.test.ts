import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { emailBody, verifiedSender } from '../helpers/email.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Who sees and uses what: accounts see only their emails and send only from their addresses; subaccounts need access_email. */
describe('transactional email: tenancy and permissions', () => {
  let s: TestServer;
  let ownerFrom: number;
  let ownerMessage: string;
  let other: Awaited<ReturnType<TestServer['createAccount']>>;

  const subaccount = async (as: { username: string; apiKey: string } | undefined, username: string, accessEmail: 0 | 1) => {
    const r = await s.request('POST', '/v3/subaccounts', {
      ...(as ? { as } : {}),
      body: { api_username: username, password: 'password-123', email: `${username}@example.com`, phone_number: '+61411111111', first_name: 'S', last_name: 'U', access_email: accessEmail },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { username, apiKey: r.body.data.api_key as string, id: Number(r.body.data.subaccount_id) };
  };

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
    ownerFrom = await verifiedSender(s, 'owner-sender@example.com');
    const r = await s.request('POST', '/v3/email/send', { body: emailBody(ownerFrom, [{ email: 'x@example.net' }], { custom_string: 'secret' }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    ownerMessage = r.body.data.message_id;
    other = await s.createAccount('email-other');
  });
  after(() => s.close());

  it("keeps another account's history and export invisible", async () => {
    const h = await s.request('GET', '/v3/email/history', { as: other });
    assert.equal(h.body.data.total, 0);
    assert.equal((await s.request('GET', `/v3/email/history?q=message_id:${ownerMessage}`, { as: other })).body.data.total, 0);
    const e = await s.request('GET', '/v3/email/history/export?filename=x.csv', { as: other });
    const csv = await (await fetch(e.body.data.url)).text();
    assert.ok(!csv.includes(ownerMessage));
    assert.equal((await s.request('GET', '/v3/email/history')).body.data.total, 1, 'the owner still sees its own');
  });

  it("refuses another account's allowed address id in from.email_address_id (400 naming the field), on send and price", async () => {
    for (const path of ['/v3/email/send', '/v3/email/price']) {
      const r = await s.request('POST', path, { as: other, body: emailBody(ownerFrom, [{ email: 'x@example.net' }]) });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.response_msg, /from\.email_address_id \d+ is not one of this account's allowed email addresses/);
    }
  });

  it('answers 403 to a subaccount without access_email on every email route, and serves one with it', async () => {
    const without = await subaccount(undefined, 'email-no-access', 0);
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/v3/email/send', emailBody(ownerFrom, [{ email: 'x@example.net' }])],
      ['POST', '/v3/email/price', emailBody(ownerFrom, [{ email: 'x@example.net' }])],
      ['GET', '/v3/email/history'],
      ['GET', '/v3/email/history/export?filename=x.csv'],
      ['POST', '/v3/email/receipts', { url: 'poll' }],
    ];
    for (const [method, path, body] of routes) {
      const r = await s.request(method, path, { as: without, ...(body ? { body } : {}) });
      assert.equal(r.status, 403, `${method} ${path}: ${JSON.stringify(r.body)}`);
    }
    const withAccess = await subaccount(undefined, 'email-with-access', 1);
    const sent = await s.request('POST', '/v3/email/send', { as: withAccess, body: emailBody(ownerFrom, [{ email: 'y@example.net' }]) });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.data.subaccount_id, withAccess.id);
    assert.equal((await s.request('GET', '/v3/email/history', { as: withAccess })).status, 200);
  });
});
