import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { a4Letter, createReturnAddress, POST_ENV, postcardPdf, recipient, startFileServer, type FileServer } from '../helpers/post.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** ClickSend's q= / operator= / order_by= on postcard and letter history (conventions.md §6), over real HTTP on either dialect. */
describe('search and sort on post history', () => {
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

    it('the history export takes the same q= and operator=, and refuses an unknown field before writing a file', async () => {
      const exp = await get('/post/postcards/history/export?filename=cancelled.csv&q=status:Cancelled');
      assert.equal(exp.status, 200, JSON.stringify(exp.body));
      const csv = await (await fetch(exp.body.data.url)).text();
      assert.ok(csv.includes(ids[1]!), 'the cancelled card is exported');
      assert.ok(!csv.includes(ids[0]!) && !csv.includes(ids[2]!), 'the others are not');
      await refusedField('/post/postcards/history/export?filename=x.csv&q=colour:red', 'colour', ['status', 'message_id']);
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
});
