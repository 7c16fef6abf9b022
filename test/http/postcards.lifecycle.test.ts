import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../helpers/server.js';
import { ledgerRows, money, postcardPdf, recipient, waitFor, type FileServer } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';

/** Splits simple CSV (quoted fields with commas, no embedded newlines) into rows of fields. */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')));
}

describe('postcard cancel (cards held in Queued by POST_HANDOFF_DELAY_MS)', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({ '/card.pdf': await postcardPdf() }, { POST_HANDOFF_DELAY_MS: '600000' }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('cancels a queued card, refunds it in the ledger, and shows it Cancelled in history', async () => {
    const start = await money(s);
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra), recipient(ra)] } });
    const [a, b] = r.body.data.recipients;
    const charged = await money(s);
    assert.equal(start.balance - charged.balance, 5_900_000);

    const c = await s.request('PUT', `/v3/post/postcards/${a.message_id.toLowerCase()}/cancel`);
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.response_msg, `Postcard ${a.message_id} has been cancelled.`);
    assert.equal(c.body.data.status, 'Cancelled');
    assert.equal(c.body.data.message_id, a.message_id);
    const after = await money(s);
    assert.equal(after.balance - charged.balance, 2_950_000, 'refunded');
    assert.equal(after.balance, after.sum);
    const refund = (await ledgerRows(s)).at(-1)!;
    assert.deepEqual([refund.kind, refund.product, refund.reference, refund.amount_micros], ['refund', 'post', a.message_id, 2_950_000]);

    const again = await s.request('PUT', `/v3/post/postcards/${a.message_id}/cancel`);
    assert.equal(again.status, 400);
    assert.match(again.body.response_msg, /cannot be cancelled: it is Cancelled/);
    assert.deepEqual(await money(s), after, 'no second refund');

    const h = await s.request('GET', '/v3/post/postcards/history');
    const byId = new Map(h.body.data.data.map((x: any) => [x.message_id, x.status]));
    assert.equal(byId.get(a.message_id), 'Cancelled');
    assert.equal(byId.get(b.message_id), 'Queued');
  });

  it("answers 404 for an unknown id and for another account's card, which stays queued", async () => {
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra)] } });
    const id = r.body.data.recipients[0].message_id;
    const other = await s.createAccount('cancel-intruder');
    const before = await money(s, other.accountId);
    for (const [who, path] of [
      [other, `/v3/post/postcards/${id}/cancel`],
      [undefined, '/v3/post/postcards/00000000-0000-0000-0000-000000000000/cancel'],
    ] as const) {
      const c = await s.request('PUT', path, who ? { as: who } : {});
      assert.equal(c.status, 404);
      assert.equal(c.body.response_code, 'NOT_FOUND');
    }
    assert.equal((await s.services.postcards.repo.findByMessageId(id))!.status, 'Queued');
    assert.deepEqual(await money(s, other.accountId), before);
  });
});

describe('postcard lifecycle to Sent, then export', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({ '/card.pdf': await postcardPdf() }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('refuses to cancel a card once it was handed to print, and keeps the charge', async () => {
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra)] } });
    const id = r.body.data.recipients[0].message_id;
    await waitFor('Sent', async () => ((await s.services.postcards.repo.findByMessageId(id))?.status === 'Sent' ? true : undefined));
    const before = await money(s);
    const c = await s.request('PUT', `/v3/post/postcards/${id}/cancel`);
    assert.equal(c.status, 400);
    assert.equal(c.body.response_code, 'BAD_REQUEST');
    assert.equal(c.body.response_msg, `Postcard ${id} cannot be cancelled: it is Sent; only Scheduled or Queued postcards can be.`);
    assert.deepEqual(await money(s), before);
  });

  it('cancels a scheduled card before its time', async () => {
    const r = await s.request('POST', '/v3/post/postcards/send', {
      body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra, { schedule: Math.floor(Date.now() / 1000) + 86_400 })] },
    });
    const c = await s.request('PUT', `/v3/post/postcards/${r.body.data.recipients[0].message_id}/cancel`);
    assert.equal(c.status, 200);
    assert.equal(c.body.data.status, 'Cancelled');
  });

  it('exports the history as CSV at both documented paths, with the same records', async () => {
    await s.request('POST', '/v3/post/postcards/send', {
      // Scheduled a day ahead, so its status cannot change between the history snapshot and the exports.
      body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra, { address_name: 'Ann "Quoted", Jr', custom_string: 'batch-7', schedule: Math.floor(Date.now() / 1000) + 86_400 })] },
    });
    const history = (await s.request('GET', '/v3/post/postcards/history?limit=100')).body.data;
    for (const path of ['/v3/post/postcards/history/export?filename=myexport.csv', '/v3/post/postcards/export?filename=myexport.csv']) {
      const r = await s.request('GET', path);
      assert.equal(r.status, 200, path);
      assert.equal(r.body.response_msg, 'Download your file here.');
      assert.match(r.body.data.url, new RegExp(`^${s.origin}/files/[0-9A-F-]{36}\\.csv\\?filename=myexport\\.csv$`));
      const res = await fetch(r.body.data.url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-disposition'), 'attachment; filename="myexport.csv"');
      const rows = parseCsv(await res.text());
      assert.deepEqual(rows[0], [
        'message_id',
        'date_added',
        'schedule',
        'status',
        'address_name',
        'address_line_1',
        'address_line_2',
        'address_city',
        'address_state',
        'address_postal_code',
        'address_country',
        'return_address_id',
        'post_price',
        'currency',
        'custom_string',
        'letter_file_name',
        'message_id_supplier',
        'subaccount_id',
        'source',
      ]);
      assert.equal(rows.length - 1, history.total);
      const quoted = rows.find((x) => x[4] === 'Ann "Quoted", Jr')!;
      const item = history.data.find((x: any) => x.address_name === 'Ann "Quoted", Jr');
      assert.deepEqual(quoted.slice(0, 4), [item.message_id, String(item.date_added), item.schedule, item.status]);
      assert.deepEqual(quoted.slice(11, 16), [String(ra), '2.950000', 'AUD', 'batch-7', item.letter_file_name]);
    }
  });

  it('refuses an export without a filename, naming the field', async () => {
    const r = await s.request('GET', '/v3/post/postcards/history/export');
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, /filename/);
  });
});
