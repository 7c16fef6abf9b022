import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * The verification mails the dispatcher wrote to the outbox, oldest first (DISPATCH=0: runOnce() delivers), as
 * "To: <address>" and the decoded text part.
 */
async function deliveredMails(s: TestServer): Promise<string[]> {
  await s.services.dispatcher.runOnce();
  const rows = await s.dbh.db.selectFrom('system_emails').select('message_id').orderBy('id').execute();
  const texts: string[] = [];
  for (const r of rows) {
    const mail = await simpleParser(fs.readFileSync(path.join(s.dataDir, 'outbox', `${r.message_id}.eml`)));
    texts.push(`To: ${mail.to && !Array.isArray(mail.to) ? mail.to.text : ''}\n${mail.text ?? ''}`);
  }
  return texts;
}

const tokenIn = (eml: string) => /activation_token: ([A-Za-z0-9_-]+)/.exec(eml)?.[1];

describe('allowed email addresses over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0', TOKEN_ATTEMPTS_MAX: '3', TOKEN_MINT_MAX: '3', RECOVERY_ADDRESS_MAX: '1000' } });
  });
  after(() => s.close());

  const add = (email_address: string, as?: { username: string; apiKey: string }) => s.request('POST', '/v3/email/addresses', { body: { email_address }, ...(as ? { as } : {}) });

  it('creates, reads, lists (paginated) and deletes an address with the documented shapes', async () => {
    const c = await add('Sender@Example.com');
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.response_msg, 'Email address has been created.');
    const rec = c.body.data;
    assert.deepEqual(Object.keys(rec).sort(), ['date_added', 'email_address', 'email_address_id', 'verified']);
    assert.equal(typeof rec.date_added, 'string');
    assert.match(rec.date_added, /^\d+$/);
    assert.equal(rec.email_address, 'Sender@Example.com');
    assert.equal(rec.verified, 0);

    const g = await s.request('GET', `/v3/email/addresses/${rec.email_address_id}`);
    assert.deepEqual([g.status, g.body.response_msg, g.body.data], [200, 'Here is your email address.', rec]);

    const l = await s.request('GET', '/v3/email/addresses?limit=15&page=1');
    assert.equal(l.body.response_msg, 'Here are your email addresses');
    assert.equal(l.body.data.current_page, 1);
    assert.equal(l.body.data.per_page, 15);
    assert.ok(l.body.data.data.some((x: any) => x.email_address_id === rec.email_address_id));

    const d = await s.request('DELETE', `/v3/email/addresses/${rec.email_address_id}`);
    assert.deepEqual([d.status, d.body.response_msg, d.body.data], [200, 'Email address deleted.', null]);
    assert.equal((await s.request('GET', `/v3/email/addresses/${rec.email_address_id}`)).status, 404);
    assert.equal((await s.request('DELETE', `/v3/email/addresses/${rec.email_address_id}`)).status, 404);
  });

  it('refuses a duplicate address (any case) with a 4xx naming email_address', async () => {
    assert.equal((await add('dup@example.com')).status, 200);
    const again = await add('  DUP@example.com ');
    assert.equal(again.status, 400, JSON.stringify(again.body));
    assert.equal(again.body.response_code, 'ALREADY_EXISTS');
    assert.match(again.body.response_msg, /email_address/);
  });

  for (const [what, body, message] of [
    ['an invalid address', { email_address: 'not-an-address' }, /email_address is not an email address/],
    ['a missing address', {}, /email_address is required/],
    ['an empty address', { email_address: '' }, /email_address/],
    ['a number', { email_address: 5 }, /email_address/],
  ] as Array<[string, unknown, RegExp]>) {
    it(`refuses ${what} with 400 naming email_address`, async () => {
      const r = await s.request('POST', '/v3/email/addresses', { body });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.response_msg, message);
    });
  }

  it('refuses a malformed email_address_id with 400 naming it', async () => {
    const r = await s.request('GET', '/v3/email/addresses/abc');
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, /email_address_id/);
  });

  it('verifies end to end: the mailed token, the exact PUT in the mail, single use', async () => {
    const id = (await add('verify-me@example.com')).body.data.email_address_id;
    const before = (await deliveredMails(s)).length;
    const send = await s.request('PUT', `/v3/email/address-verify/${id}/send`);
    assert.deepEqual([send.status, send.body.response_msg, send.body.data], [200, 'Verification email has been sent.', null]);
    const mails = await deliveredMails(s);
    assert.equal(mails.length, before + 1, 'one mail queued and delivered');
    const eml = mails.at(-1)!;
    assert.match(eml, /^To: verify-me@example\.com$/m);
    const token = tokenIn(eml)!;
    assert.ok(token && token.length >= 22, 'a 128-bit token');
    const put = `PUT ${s.origin}/v3/email/address-verify/${id}/verify/${token}`;
    assert.ok(eml.includes(put), 'the mail gives the exact request');
    // Only the hash is stored.
    const row = await s.dbh.db.selectFrom('email_addresses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(row.token_hash && !row.token_hash.includes(token));

    const v = await s.request('PUT', `/v3/email/address-verify/${id}/verify/${token}`);
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.equal(v.body.response_msg, 'Email address verified.');
    assert.equal(v.body.data.verified, 1);
    assert.equal((await s.request('GET', `/v3/email/addresses/${id}`)).body.data.verified, 1);
    assert.deepEqual(await s.services.emailSenders.find(s.owner.accountId, id), { emailAddressId: id, emailAddress: 'verify-me@example.com', verified: true });

    const again = await s.request('PUT', `/v3/email/address-verify/${id}/verify/${token}`);
    assert.equal(again.status, 400, 'a used token is refused');
    assert.match(again.body.response_msg, /activation_token/);
    const resend = await s.request('PUT', `/v3/email/address-verify/${id}/send`);
    assert.equal(resend.status, 400, 'a verified address needs no token');
  });

  it('a new token replaces the old one; a wrong token is a 400 naming activation_token', async () => {
    const id = (await add('replace@example.com')).body.data.email_address_id;
    await s.request('PUT', `/v3/email/address-verify/${id}/send`);
    const first = tokenIn((await deliveredMails(s)).at(-1)!)!;
    await s.request('PUT', `/v3/email/address-verify/${id}/send`);
    const second = tokenIn((await deliveredMails(s)).at(-1)!)!;
    assert.notEqual(first, second);
    const wrong = await s.request('PUT', `/v3/email/address-verify/${id}/verify/${first}`);
    assert.deepEqual([wrong.status, wrong.body.response_code], [400, 'BAD_REQUEST']);
    assert.match(wrong.body.response_msg, /activation_token is invalid/);
    assert.equal((await s.request('PUT', `/v3/email/address-verify/${id}/verify/${second}`)).status, 200);
  });

  it('throttles token guesses: after TOKEN_ATTEMPTS_MAX wrong ones even the right token gets 429', async () => {
    const id = (await add('brute@example.com')).body.data.email_address_id;
    await s.request('PUT', `/v3/email/address-verify/${id}/send`);
    const token = tokenIn((await deliveredMails(s)).at(-1)!)!;
    for (let i = 0; i < 3; i++) assert.equal((await s.request('PUT', `/v3/email/address-verify/${id}/verify/guess${i}`)).status, 400);
    const locked = await s.request('PUT', `/v3/email/address-verify/${id}/verify/${token}`);
    assert.deepEqual([locked.status, locked.body.response_code], [429, 'TOO_MANY_REQUESTS']);
    assert.equal((await s.request('GET', `/v3/email/addresses/${id}`)).body.data.verified, 0);
    // A new token restarts the count.
    await s.request('PUT', `/v3/email/address-verify/${id}/send`);
    const fresh = tokenIn((await deliveredMails(s)).at(-1)!)!;
    assert.equal((await s.request('PUT', `/v3/email/address-verify/${id}/verify/${fresh}`)).status, 200);
  });

  it('caps tokens minted per address per window (TOKEN_MINT_MAX) with 429, and a refused mint mails nothing', async () => {
    const id = (await add('mint-cap@example.com')).body.data.email_address_id;
    for (let i = 0; i < 3; i++) assert.equal((await s.request('PUT', `/v3/email/address-verify/${id}/send`)).status, 200);
    const count = (await deliveredMails(s)).length;
    const r = await s.request('PUT', `/v3/email/address-verify/${id}/send`);
    assert.deepEqual([r.status, r.body.response_code], [429, 'TOO_MANY_REQUESTS']);
    assert.equal((await deliveredMails(s)).length, count);
  });

  it('concurrent sends never mint more than TOKEN_MINT_MAX tokens, and every 200 has exactly one queued mail', async () => {
    const id = (await add('race@example.com')).body.data.email_address_id;
    const queued = async () => (await s.dbh.db.selectFrom('system_emails').select('id').where('to_address', '=', 'race@example.com').execute()).length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => s.request('PUT', `/v3/email/address-verify/${id}/send`)));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429, 429, 429]);
    // Queued in the same transaction as the token: durable before any delivery (DISPATCH=0 here), one row per 200.
    assert.equal(await queued(), 3);
    const mails = (await deliveredMails(s)).filter((m) => m.startsWith('To: race@example.com'));
    assert.equal(mails.length, 3);
    const outboxFiles = () => fs.readdirSync(path.join(s.dataDir, 'outbox')).length;
    const files = outboxFiles();
    assert.equal((await s.services.dispatcher.runOnce()).claimed, 0, 'nothing is due again');
    assert.equal(outboxFiles(), files);
  });

  it("another account gets 404 on every route naming the first account's address, and changes nothing", async () => {
    const victim = (await add('victim@example.com')).body.data;
    await s.request('PUT', `/v3/email/address-verify/${victim.email_address_id}/send`);
    const token = tokenIn((await deliveredMails(s)).at(-1)!)!;
    const intruder = await s.createAccount('email-addr-intruder');
    const id = victim.email_address_id;
    for (const [method, p] of [
      ['GET', `/v3/email/addresses/${id}`],
      ['DELETE', `/v3/email/addresses/${id}`],
      ['PUT', `/v3/email/address-verify/${id}/send`],
      ['PUT', `/v3/email/address-verify/${id}/verify/${token}`],
    ]) {
      const r = await s.request(method!, p!, { as: intruder });
      assert.deepEqual([r.status, r.body.response_code], [404, 'NOT_FOUND'], `${method} ${p}`);
    }
    assert.equal((await s.request('GET', '/v3/email/addresses', { as: intruder })).body.data.total, 0);
    assert.equal(await s.services.emailSenders.find(intruder.accountId, id), null);
    // The same address may be allowed by another account: the uniqueness is per account.
    assert.equal((await add('victim@example.com', intruder)).status, 200);
    const still = await s.request('GET', `/v3/email/addresses/${id}`);
    assert.deepEqual(still.body.data, victim);
    assert.equal((await s.request('PUT', `/v3/email/address-verify/${id}/verify/${token}`)).status, 200, "the intruder's tries used none of the owner's guesses");
  });

  it('needs access_email: 403 on every route without it; a subaccount with it shares the account addresses', async () => {
    const a = (await add('shared@example.com')).body.data;
    const mk = async (api_username: string, access_email: number) => {
      const r = await s.request('POST', '/v3/subaccounts', {
        body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_email },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { username: api_username, apiKey: r.body.data.api_key as string };
    };
    const without = await mk('no-email-addresses', 0);
    const withEmail = await mk('email-addresses-user', 1);
    for (const [method, p, body] of [
      ['GET', '/v3/email/addresses'],
      ['POST', '/v3/email/addresses', { email_address: 'x@example.com' }],
      ['GET', `/v3/email/addresses/${a.email_address_id}`],
      ['DELETE', `/v3/email/addresses/${a.email_address_id}`],
      ['PUT', `/v3/email/address-verify/${a.email_address_id}/send`],
      ['PUT', `/v3/email/address-verify/${a.email_address_id}/verify/abc`],
    ] as Array<[string, string, unknown?]>) {
      const r = await s.request(method, p, { as: without, ...(body ? { body } : {}) });
      assert.deepEqual([r.status, r.body.response_code], [403, 'FORBIDDEN'], `${method} ${p}`);
      assert.match(r.body.response_msg, /access_email/);
    }
    assert.deepEqual((await s.request('GET', `/v3/email/addresses/${a.email_address_id}`)).body.data, a, 'unchanged');
    const g = await s.request('GET', `/v3/email/addresses/${a.email_address_id}`, { as: withEmail });
    assert.deepEqual(g.body.data, a);
  });
});

describe('allowed email addresses: calls per client address', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0', RECOVERY_ADDRESS_MAX: '4' } });
  });
  after(() => s.close());

  it('answers 429 once a client address has made RECOVERY_ADDRESS_MAX send/verify calls, whatever the address named', async () => {
    const ids: number[] = [];
    for (const a of ['a1@example.com', 'a2@example.com', 'a3@example.com']) ids.push((await s.request('POST', '/v3/email/addresses', { body: { email_address: a } })).body.data.email_address_id);
    assert.equal((await s.request('PUT', `/v3/email/address-verify/${ids[0]}/send`)).status, 200);
    assert.equal((await s.request('PUT', `/v3/email/address-verify/${ids[1]}/send`)).status, 200);
    assert.equal((await s.request('PUT', `/v3/email/address-verify/${ids[0]}/verify/wrong`)).status, 400);
    assert.equal((await s.request('PUT', `/v3/email/address-verify/${ids[2]}/send`)).status, 200);
    const refused = await s.request('PUT', `/v3/email/address-verify/${ids[1]}/send`);
    assert.deepEqual([refused.status, refused.body.response_code], [429, 'TOO_MANY_REQUESTS']);
    assert.match(refused.body.response_msg, /from this address; try again in \d+ s/);
    const rows = await s.dbh.db.selectFrom('system_emails').select('id').execute();
    assert.equal(rows.length, 3, 'the refused call queued no mail');
  });
});
