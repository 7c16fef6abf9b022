import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Waits for an .eml in DATA_DIR/outbox whose text matches, and returns that text. */
async function waitForEmail(s: TestServer, match: RegExp, timeoutMs = 10_000): Promise<string> {
  const dir = path.join(s.dataDir, 'outbox');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      if (match.test(text)) return text;
    }
    if (Date.now() > deadline) throw new Error(`no email matching ${match} in ${dir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('AccountApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('accountGet returns the documented account record with _currency and _subaccount', async () => {
    const r = await call(sdk(s, 'AccountApi').accountGet());
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, "Here's your account");
    const d = r.body.data;
    assert.equal(d.username, s.owner.username);
    assert.equal(typeof d.balance, 'string');
    assert.match(d.balance, /^\d+\.\d{6}$/);
    assert.deepEqual(d._currency, { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' });
    assert.equal(d._subaccount.api_username, s.owner.username);
    assert.equal(d._subaccount.api_key, s.owner.apiKey);
    for (const k of ['access_users', 'access_billing', 'access_sms', 'access_post']) assert.equal(d._subaccount[k], 1);
    assert.equal(typeof d.user_id, 'number');
    assert.equal(typeof d.setting_sms_message_char_limit, 'number');
  });

  it('accountPost creates an inactive account whose new key works at once', async () => {
    const account = new clicksend.Account();
    Object.assign(account, {
      username: 'newcomer1',
      password: 'correct horse battery',
      userPhone: '+15184811001',
      userEmail: 'john@awesome.com',
      userFirstName: 'John',
      userLastName: 'Doe',
      accountName: 'The Awesome Company',
      country: 'US',
    });
    const r = await call(new clicksend.AccountApi(s.base).accountPost(account));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Successfully created an account.');
    assert.equal(r.body.data.active, 0);
    assert.equal(r.body.data._currency.currency_name_short, 'USD');
    assert.equal(r.body.data.balance, '20.000000');
    const key = r.body.data._subaccount.api_key;
    assert.match(key, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    const me = await call(sdk(s, 'AccountApi', { username: 'newcomer1', apiKey: key }).accountGet());
    assert.equal(me.status, 200);
    assert.equal(me.body.data.user_email, 'john@awesome.com');
  });

  it('accountPost refuses a taken username with ALREADY_EXISTS', async () => {
    const account = Object.assign(new clicksend.Account(), {
      username: s.owner.username,
      password: 'whatever123',
      userPhone: '+61411111111',
      userEmail: 'x@example.com',
      userFirstName: 'A',
      userLastName: 'B',
      accountName: 'C',
      country: 'AU',
    });
    const r = await call(new clicksend.AccountApi(s.base).accountPost(account));
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'ALREADY_EXISTS');
  });

  it('accountVerifySendPut returns a token that accountVerifyVerifyByActivationTokenPut accepts once', async () => {
    const signup = await s.request('POST', '/v3/account', {
      as: null,
      body: { username: 'toverify', password: 'password123', user_phone: '+61411111111', user_email: 'v@example.com', user_first_name: 'V', user_last_name: 'W', account_name: 'VW', country: 'AU' },
    });
    const who = { username: 'toverify', apiKey: signup.body.data._subaccount.api_key };
    const api = sdk(s, 'AccountApi', who);
    const verify = Object.assign(new clicksend.AccountVerify(), { country: 'AU', userPhone: '+61411111111', type: 'sms' });
    const sent = await call(api.accountVerifySendPut(verify));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.response_msg, 'Verification sent.');
    const token = sent.body.data.activation_token;
    assert.match(token, /^[1-9]\d{5}$/);
    await waitForEmail(s, new RegExp(token));

    const wrong = await call(api.accountVerifyVerifyByActivationTokenPut(Number(token) === 999999 ? 999998 : 999999));
    assert.equal(wrong.status, 400);
    const ok = await call(api.accountVerifyVerifyByActivationTokenPut(Number(token)));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.data.active, 1);
    const again = await call(api.accountVerifyVerifyByActivationTokenPut(Number(token)));
    assert.equal(again.status, 400);
  });

  it('forgotPasswordPut mails a token; forgotPasswordVerifyPut sets the password, which then authenticates', async () => {
    const api = new clicksend.AccountApi(s.base);
    const r = await call(api.forgotPasswordPut(Object.assign(new clicksend.ForgotPassword(), { username: s.owner.username })));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data, []);
    assert.equal(r.body.response_msg, 'An email notification has been sent.');
    const mail = await waitForEmail(s, /activation_token: [A-Za-z0-9_-]+/);
    const token = /activation_token: ([A-Za-z0-9_-]+)/.exec(mail)![1]!;
    const subId = Number(/subaccount_id: (\d+)/.exec(mail)![1]);

    const bad = await call(api.forgotPasswordVerifyPut(Object.assign(new clicksend.AccountForgotPasswordVerify(), { subaccountId: subId, activationToken: '1', password: 'n3w-passw0rd' })));
    assert.equal(bad.status, 400);
    const good = await call(api.forgotPasswordVerifyPut(Object.assign(new clicksend.AccountForgotPasswordVerify(), { subaccountId: subId, activationToken: token, password: 'n3w-passw0rd' })));
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.equal(good.body.response_msg, 'Your password has been updated.');
    // ClickSend also accepts the account password in place of the API key.
    const me = await call(sdk(s, 'AccountApi', { username: s.owner.username, apiKey: 'n3w-passw0rd' }).accountGet());
    assert.equal(me.status, 200);
    assert.equal(me.body.data._subaccount.api_key.includes('*'), true, 'key is masked when not in hand');
  });

  it('forgotPasswordPut answers the same for an unknown username (no username discovery)', async () => {
    const r = await call(new clicksend.AccountApi(s.base).forgotPasswordPut(Object.assign(new clicksend.ForgotPassword(), { username: 'nobody-here' })));
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'An email notification has been sent.');
  });

  it('forgotUsernamePut mails the usernames registered to the address', async () => {
    const r = await call(new clicksend.AccountApi(s.base).forgotUsernamePut(Object.assign(new clicksend.ForgotUsername(), { email: 'owner@example.com' })));
    assert.equal(r.status, 200);
    await waitForEmail(s, new RegExp(`usernames registered to this address: .*${s.owner.username}`));
  });

  it('accountUseageBySubaccountGet reports usage from the ledger in the documented shape', async () => {
    const sub = (await s.services.accounts.repo.findPrimarySubaccount(s.owner.accountId))!;
    await s.services.ledger.debit({ accountId: s.owner.accountId, subaccountId: sub.id, amountMicros: 154_000, product: 'sms', quantity: 2, description: 'test' });
    await s.services.ledger.debit({ accountId: s.owner.accountId, subaccountId: sub.id, amountMicros: 2_500_000, product: 'post', quantity: 1, description: 'test' });
    const now = new Date();
    const r = await call(sdk(s, 'AccountApi').accountUseageBySubaccountGet(now.getUTCFullYear(), now.getUTCMonth() + 1));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const d = r.body.data;
    assert.deepEqual(d.sms, [{ subaccount_id: sub.id, total_count: '2.00', total_price: '0.1540', username: s.owner.username }]);
    assert.deepEqual(d.sms_total, { count: 2, price: '0.1540' });
    assert.equal(d.post[0].total_count, '1');
    assert.deepEqual(d.email, []);
    assert.deepEqual(d.voice_total, { count: 0, price: '0.0000' });
    // The docs' alternative path /{type} answers too.
    const alt = await s.request('GET', `/v3/account/usage/${now.getUTCFullYear()}/${now.getUTCMonth() + 1}/email`);
    assert.equal(alt.status, 200);
    const bad = await s.request('GET', '/v3/account/usage/2026/13/subaccount');
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /month/);
  });
});
