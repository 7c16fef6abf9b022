import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { a4Letter, createReturnAddress, POST_ENV, postcardPdf, recipient, startFileServer, type FileServer } from '../helpers/post.js';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile } from '../helpers/sms.js';

/** ClickSend's q= / operator= / order_by= on every list (conventions.md §6), over real HTTP on either dialect. */
describe('search and sort on every list', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  const get = (path: string) => s.request('GET', `/v3${path}`);
  const field = async (path: string, name: string) => {
    const r = await get(path);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    return r.body.data.data.map((x: any) => x[name]);
  };
  const refusedField = async (path: string, name: string, allowed: string[]) => {
    const r = await get(path);
    assert.deepEqual([r.status, r.body.http_code, r.body.response_code], [400, 400, 'BAD_REQUEST'], path);
    assert.match(r.body.response_msg, new RegExp(`unknown field "${name}"`), path);
    for (const f of allowed) assert.ok(r.body.response_msg.includes(f), `${path}: names ${f} in "${r.body.response_msg}"`);
  };

  before(async () => {
    // Cards and letters stay Queued (no hand-off) so one can be cancelled.
    s = await startServer({ env: { ...POST_ENV, POST_HANDOFF_DELAY_MS: '600000' } });
    files = await startFileServer();
    files.set('/card.pdf', await postcardPdf());
    files.set('/letter.pdf', await a4Letter(1));
    ra = await createReturnAddress(s);
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  describe('postcard history', () => {
    let ids: string[];
    before(async () => {
      const names = ['Ann 50%_off', 'Bob Brown', 'Cy Ann'];
      const r = await s.request('POST', '/v3/post/postcards/send', {
        body: { file_urls: [files.url('/card.pdf')], recipients: names.map((n, i) => recipient(ra, { address_name: n, custom_string: `Card-${i}` })) },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      ids = r.body.data.recipients.map((x: any) => x.message_id);
      assert.equal((await s.request('PUT', `/v3/post/postcards/${ids[1]}/cancel`)).status, 200);
    });

    it('q=status:Cancelled returns only the cancelled card, with a total to match', async () => {
      const r = await get('/post/postcards/history?q=status:Cancelled');
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.data.total, r.body.data.data.map((x: any) => x.message_id)], [1, [ids[1]]]);
      assert.deepEqual(await field('/post/postcards/history?q=status:queued', 'message_id'), [ids[0], ids[2]], 'status ignores case');
      assert.deepEqual(await field('/post/postcards/history?q=status:Delivered', 'message_id'), [], 'a status nothing has');
      assert.equal((await get('/post/postcards/history')).body.data.total, 3, 'no q: everything, as before');
    });

    it('ANDs pairs by default and ORs them on request', async () => {
      assert.deepEqual(await field('/post/postcards/history?q=status:cancelled,custom_string:card-0', 'message_id'), []);
      assert.deepEqual(await field('/post/postcards/history?q=status:cancelled,custom_string:card-0&operator=or', 'message_id'), [ids[0], ids[1]]);
    });

    it('orders by order_by, or by order (the SDK’s name), oldest first by default', async () => {
      assert.deepEqual(await field('/post/postcards/history', 'message_id'), ids);
      assert.deepEqual(await field('/post/postcards/history?order_by=address_name:desc', 'address_name'), ['Cy Ann', 'Bob Brown', 'Ann 50%_off']);
      assert.deepEqual(await field('/post/postcards/history?order=custom_string:desc', 'custom_string'), ['Card-2', 'Card-1', 'Card-0']);
    });

    it('matches %, _ and quotes literally (parameters, never SQL)', async () => {
      assert.deepEqual(await field('/post/postcards/history?q=address_name:50%25_', 'message_id'), [ids[0]]);
      assert.deepEqual(await field('/post/postcards/history?q=address_name:%25', 'message_id'), [ids[0]], '% is not a wildcard');
      assert.deepEqual(await field('/post/postcards/history?q=address_name:_', 'message_id'), [ids[0]], '_ is not a wildcard');
      assert.deepEqual(await field(`/post/postcards/history?q=${encodeURIComponent("address_name:' OR '1'='1")}`, 'message_id'), []);
      assert.deepEqual(await field('/post/postcards/history?q=address_name:ann', 'message_id'), [ids[0], ids[2]], 'a part, ignoring case');
    });

    it('refuses an unknown field, a bad order and a bad operator with 400 naming them', async () => {
      await refusedField('/post/postcards/history?q=colour:red', 'colour', ['status', 'custom_string', 'address_name']);
      const order = await get('/post/postcards/history?order_by=colour:asc');
      assert.deepEqual([order.status, order.body.response_code], [400, 'BAD_REQUEST']);
      assert.match(order.body.response_msg, /^order_by must be field:asc or field:desc with field one of date_added, .*, got "colour:asc"\.$/);
      const op = await get('/post/postcards/history?q=status:sent&operator=xor');
      assert.deepEqual([op.status, op.body.response_msg], [400, 'operator must be AND or OR, got "xor".']);
    });
  });

  it('letter history: q=status:Cancelled returns only the cancelled letter', async () => {
    const r = await s.request('POST', '/v3/post/letters/send', { body: { file_url: files.url('/letter.pdf'), recipients: [recipient(ra), recipient(ra, { address_name: 'Dee' })] } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [a, b] = r.body.data.recipients.map((x: any) => x.message_id);
    assert.equal((await s.request('PUT', `/v3/post/letters/${b}/cancel`)).status, 200);
    assert.deepEqual(await field('/post/letters/history?q=status:Cancelled', 'message_id'), [b]);
    assert.deepEqual(await field('/post/letters/history?order_by=address_name:asc', 'message_id'), [b, a]);
    await refusedField('/post/letters/history?q=colour:1', 'colour', ['status']);
  });

  it('return addresses: q= by city ignoring case, order_by, and the default order kept', async () => {
    const who = await s.createAccount('search-ra');
    const add = (name: string, city: string) =>
      s.request('POST', '/v3/post/return-addresses', {
        as: who,
        body: { address_name: name, address_line_1: '1 Main St', address_city: city, address_state: 'WA', address_postal_code: '6000', address_country: 'AU' },
      });
    const made = [];
    for (const [n, c] of [['Zed', 'Perth'], ['Amy', 'Albany'], ['Max', 'perth']] as const) made.push((await add(n, c)).body.data.return_address_id);
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
    for (const [template_name, body] of [['Promo 100%', 'Half off'], ['Promo 1000', 'Big'], ['Reminder', 'Your 100% booking']]) {
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
    for (const [u, phone_number] of [['search-alpha', '+61400000777'], ['search-beta', '+61411111111']]) {
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
    for (const [from, body] of [[mobile(1), 'Yes please'], [mobile(2), 'No thanks'], [mobile(3), 'yes, 100%']]) {
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

  it('the official SDK’s q parameter reaches the inbound list', async () => {
    const who = await s.createAccount('search-sdk');
    const api = sdk(s, 'SMSApi', who);
    const url = Object.assign(new clicksend.Url(), { url: 'https://example.com/inbound' });
    await call(api.smsInboundPost(url));
    const only = await s.request('POST', '/v3/sms/inbound', { as: who, body: { url: 'https://example.com/i', body: 'Unique words here' } });
    const r = await call(api.smsInboundGet('body:unique words', 1, 15));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.data.map((m: any) => m.message_id), [only.body.data.message_id]);
    const bad = await call(api.smsInboundGet('nope:1', 1, 15));
    assert.deepEqual([bad.status, bad.body.response_code], [400, 'BAD_REQUEST']);
  });
});
