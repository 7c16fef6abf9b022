import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile } from '../helpers/sms.js';

/** ClickSend's q= / operator= / order_by= on every list (conventions.md §6), over real HTTP on either dialect; post history: search-post.test.ts. */
describe('search and sort on the account lists', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('return addresses: q= by city ignoring case, order_by, and the default order kept', async () => {
    const who = await s.createAccount('search-ra');
    const add = (name: string, city: string) =>
      s.request('POST', '/v3/post/return-addresses', {
        as: who,
        body: { address_name: name, address_line_1: '1 Main St', address_city: city, address_state: 'WA', address_postal_code: '6000', address_country: 'AU' },
      });
    const made = [];
    for (const [n, c] of [
      ['Zed', 'Perth'],
      ['Amy', 'Albany'],
      ['Max', 'perth'],
    ] as const)
      made.push((await add(n, c)).body.data.return_address_id);
    const list = async (q: string) => (await s.request('GET', `/v3/post/return-addresses${q}`, { as: who })).body.data.data.map((x: any) => x.address_name);
    assert.deepEqual(await list(''), ['Zed', 'Amy', 'Max']);
    assert.deepEqual(await list('?q=address_city:PERTH'), ['Zed', 'Max']);
    assert.deepEqual(await list('?order_by=address_name:asc'), ['Amy', 'Max', 'Zed']);
    assert.deepEqual(await list(`?q=return_address_id:${made[1]},address_name:zed&operator=OR&order_by=return_address_id:desc`), ['Amy', 'Zed']);
    const bad = await s.request('GET', '/v3/post/return-addresses?q=city:Perth', { as: who });
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /unknown field "city"; use one of return_address_id, address_name, .*address_city/);
  });

  it('SMS templates: a part of the name with % matched literally, and order_by', async () => {
    const who = await s.createAccount('search-tpl');
    for (const [template_name, body] of [
      ['Promo 100%', 'Half off'],
      ['Promo 1000', 'Big'],
      ['Reminder', 'Your 100% booking'],
    ]) {
      assert.equal((await s.request('POST', '/v3/sms/templates', { as: who, body: { template_name, body } })).status, 200);
    }
    const names = async (q: string) => (await s.request('GET', `/v3/sms/templates${q}`, { as: who })).body.data.data.map((x: any) => x.template_name);
    assert.deepEqual(await names('?q=template_name:100%25'), ['Promo 100%']);
    assert.deepEqual(await names('?q=template_name:promo,body:100%25&operator=OR'), ['Promo 100%', 'Promo 1000', 'Reminder']);
    assert.deepEqual(await names('?q=template_name:promo,body:big'), ['Promo 1000']);
    assert.deepEqual(await names('?order_by=template_name:desc'), ['Reminder', 'Promo 1000', 'Promo 100%']);
    const bad = await s.request('GET', '/v3/sms/templates?q=name:x', { as: who });
    assert.match(bad.body.response_msg, /unknown field "name"; use one of template_id, template_name, body\./);
  });

  it('subaccounts: q= by username ignoring case, order_by subaccount_id', async () => {
    const who = await s.createAccount('search-subs');
    for (const [u, phone_number] of [
      ['search-alpha', '+61400000777'],
      ['search-beta', '+61411111111'],
    ]) {
      const r = await s.request('POST', '/v3/subaccounts', {
        as: who,
        body: { api_username: u, password: 'password-123', email: `${u}@example.com`, phone_number, first_name: 'F', last_name: 'L' },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const users = async (q: string) => (await s.request('GET', `/v3/subaccounts${q}`, { as: who })).body.data.data.map((x: any) => x.api_username);
    assert.deepEqual(await users(''), ['search-subs', 'search-alpha', 'search-beta']);
    assert.deepEqual(await users('?q=api_username:SEARCH-BETA'), ['search-beta']);
    assert.deepEqual(await users('?order_by=subaccount_id:desc'), ['search-beta', 'search-alpha', 'search-subs']);
    assert.deepEqual(await users('?q=phone_number:61400000777'), ['search-alpha'], 'an unescaped + still finds the number');
    const bad = await s.request('GET', '/v3/subaccounts?q=api_key:x', { as: who });
    assert.match(bad.body.response_msg, /unknown field "api_key"/);
  });

  it('SMS inbound and receipts: q=, operator= and order_by= on the unread lists', async () => {
    const who = await s.createAccount('search-inbox');
    for (const [from, body] of [
      [mobile(1), 'Yes please'],
      [mobile(2), 'No thanks'],
      [mobile(3), 'yes, 100%'],
    ]) {
      assert.equal((await s.request('POST', '/v3/sms/inbound', { as: who, body: { url: 'https://example.com/i', from, body } })).status, 200);
    }
    const inbound = async (q: string) => (await s.request('GET', `/v3/sms/inbound${q}`, { as: who })).body.data.data.map((x: any) => x.from);
    assert.deepEqual(await inbound(''), [mobile(1), mobile(2), mobile(3)]);
    assert.deepEqual(await inbound('?q=_keyword:YES'), [mobile(1), mobile(3)]);
    assert.deepEqual(await inbound(`?q=from:${encodeURIComponent(mobile(2))},body:100%25&operator=OR`), [mobile(2), mobile(3)]);
    assert.deepEqual(await inbound('?order_by=from:desc'), [mobile(3), mobile(2), mobile(1)]);
    const bad = await s.request('GET', '/v3/sms/inbound?q=sender:x', { as: who });
    assert.match(bad.body.response_msg, /unknown field "sender"; use one of from, to, message_id/);

    const added = [];
    for (let i = 0; i < 2; i++) added.push((await s.request('POST', '/v3/sms/receipts', { as: who, body: { url: 'https://example.com/r' } })).body.data.message_id);
    const receipts = async (q: string) => (await s.request('GET', `/v3/sms/receipts${q}`, { as: who })).body.data.data.map((x: any) => x.message_id);
    assert.deepEqual(await receipts(''), added);
    assert.deepEqual(await receipts('?q=status_code:201'), added);
    assert.deepEqual(await receipts('?q=status_code:301'), []);
    assert.deepEqual(await receipts(`?q=message_id:${added[1].toLowerCase()}`), [added[1]]);
    assert.deepEqual(await receipts('?order_by=timestamp:desc'), [...added].reverse(), 'ties broken by id, in the same direction');
    const bad2 = await s.request('GET', '/v3/sms/receipts?q=status:Delivered', { as: who });
    assert.match(bad2.body.response_msg, /unknown field "status"; use one of message_id, custom_string, status_code, error_code\./);
  });

  it('matches non-ASCII text ignoring case on both dialects (SQLite folds only ASCII by itself)', async () => {
    const who = await s.createAccount('search-unicode');
    assert.equal((await s.request('POST', '/v3/sms/templates', { as: who, body: { template_name: 'Tmpl Ünïcode', body: 'Grüße ÄBC' } })).status, 200);
    assert.equal((await s.request('POST', '/v3/sms/templates', { as: who, body: { template_name: 'Plain', body: 'abc' } })).status, 200);
    const names = async (q: string) => (await s.request('GET', `/v3/sms/templates?q=${encodeURIComponent(q)}`, { as: who })).body.data.data.map((x: any) => x.template_name);
    assert.deepEqual(await names('template_name:Ünïcode'), ['Tmpl Ünïcode']);
    assert.deepEqual(await names('template_name:ünÏCODE'), ['Tmpl Ünïcode']);
    assert.deepEqual(await names('body:äbc'), ['Tmpl Ünïcode']);
  });

  it('an integer too large for its column matches nothing instead of failing the query (PostgreSQL refuses it)', async () => {
    const who = await s.createAccount('search-bigint');
    assert.equal((await s.request('POST', '/v3/sms/receipts', { as: who, body: { url: 'https://example.com/r' } })).status, 200);
    for (const path of [
      '/v3/sms/receipts?q=status_code:999999999999999',
      '/v3/sms/receipts?q=error_code:2147483648',
      '/v3/sms/history?q=status_code:3000000000',
      '/v3/subaccounts?q=share_campaigns:99999999999',
    ]) {
      const r = await s.request('GET', path, { as: who });
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.data.total, 0, path);
    }
    assert.equal((await s.request('GET', '/v3/sms/receipts?q=status_code:201', { as: who })).body.data.total, 1, 'an ordinary value still matches');
  });

  it('the official SDK’s q parameter reaches the inbound list', async () => {
    const who = await s.createAccount('search-sdk');
    const api = sdk(s, 'SMSApi', who);
    const url = Object.assign(new clicksend.Url(), { url: 'https://example.com/inbound' });
    await call(api.smsInboundPost(url));
    const only = await s.request('POST', '/v3/sms/inbound', { as: who, body: { url: 'https://example.com/i', body: 'Unique words here' } });
    const r = await call(api.smsInboundGet('body:unique words', 1, 15));
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.data.map((m: any) => m.message_id),
      [only.body.data.message_id],
    );
    const bad = await call(api.smsInboundGet('nope:1', 1, 15));
    assert.deepEqual([bad.status, bad.body.response_code], [400, 'BAD_REQUEST']);
  });
});
