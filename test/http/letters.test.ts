import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../helpers/server.js';
import { A5_LANDSCAPE, a4Letter, ledgerRows, makePdf, money, recipient, waitFor, type FileServer } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';

describe('letters over HTTP', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({
      '/three.pdf': await a4Letter(3),
      '/six.pdf': await a4Letter(6),
      '/a5.pdf': await makePdf([{ size: [210, 297] }, { size: A5_LANDSCAPE }]),
    }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  const send = (body: Record<string, unknown>, op = 'send') => s.request('POST', `/v3/post/letters/${op}`, { body: { file_url: files.url('/three.pdf'), recipients: [recipient(ra)], ...body } });

  it('sends with the documented shape, post_price a 4-decimal string, one debit per letter', async () => {
    const before = await money(s);
    const r = await send({ recipients: [recipient(ra, { custom_string: 'kn0ChLhwn6' }), recipient(ra)], colour: 1, template_used: 1 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Letters queued for delivery.');
    const d = r.body.data;
    assert.equal(d.queued_count, 2);
    assert.equal(d.total_count, 2);
    assert.equal(d.total_price, 3.9);
    assert.equal(d._currency.currency_name_short, 'AUD');
    const x = d.recipients[0];
    assert.deepEqual(Object.keys(x).sort(), [
      '_api_username',
      '_file_url',
      '_proof_url',
      '_return_address',
      '_thumbnail_small_urls',
      '_thumbnail_urls',
      '_warnings',
      'address_city',
      'address_country',
      'address_line_1',
      'address_line_2',
      'address_name',
      'address_postal_code',
      'address_state',
      'colour',
      'custom_string',
      'date_added',
      'duplex',
      'message_id',
      'post_pages',
      'post_price',
      'priority_post',
      'return_address_id',
      'schedule',
      'source',
      'status',
      'subaccount_id',
      'user_id',
    ]);
    // AU colour: 1.4700 for the first page, 0.2400 for each further page; template_used: no cover page.
    assert.deepEqual([x.post_price, x.post_pages, x.colour, x.duplex, x.priority_post, x.custom_string, x.status], ['1.9500', 3, 1, 0, 0, 'kn0ChLhwn6', 'SUCCESS']);
    assert.equal(x._thumbnail_urls.front, `${s.origin}/files/${x.message_id}-PAGE1.png`);
    const after = await money(s);
    assert.equal(before.balance - after.balance, 3_900_000);
    const debits = (await ledgerRows(s)).filter((l) => l.kind === 'debit').slice(-2);
    assert.deepEqual(
      debits.map((l) => [l.product, l.reference]),
      d.recipients.map((y: any) => ['post', y.message_id]),
    );
  });

  it('prices by country, colour and pages (cover page, duplex, large envelope) without charging', async () => {
    const before = await money(s);
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{}, '1.5700', 4], // black, cover page added: 1.27 + 3 × 0.10
      [{ template_used: 1, colour: 1 }, '1.9500', 3],
      [{ file_url: files.url('/six.pdf'), template_used: 1 }, '3.5100', 6], // 6 sheets: + 1.50 + 6 × 0.04
      [{ file_url: files.url('/six.pdf'), template_used: 1, duplex: 1 }, '1.7700', 6], // 3 sheets fit a DL envelope
      [{ recipients: [recipient(ra, { address_country: 'GB' })], template_used: 1 }, '2.2654', 3], // 1.9388 + 2 × 0.1633
    ];
    for (const [body, price, pages] of cases) {
      const r = await send(body, 'price');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.response_msg, 'Here are some results.');
      const [x] = r.body.data.recipients;
      assert.deepEqual([x.post_price, x.post_pages], [price, pages], JSON.stringify(body));
      assert.equal(r.body.data.total_price, Number(price));
      assert.equal(r.body.data.total_cost, 1);
      assert.deepEqual(Object.keys(x).sort(), [
        '_warnings',
        'address_city',
        'address_country',
        'address_line_1',
        'address_line_2',
        'address_name',
        'address_postal_code',
        'address_state',
        'date_added',
        'message_id',
        'post_pages',
        'post_price',
        'priority_post',
        'return_address_id',
        'schedule',
        'status',
        'subaccount_id',
        'user_id',
      ]);
    }
    assert.deepEqual(await money(s), before);
  });

  it('refuses a page that is not A4 portrait, naming it, and charges nothing', async () => {
    const before = await money(s);
    const r = await send({ file_url: files.url('/a5.pdf') });
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, /^file_url \(http:\/\/127\.0\.0\.1:\d+\/a5\.pdf\) page 2 is 210\.0 × 148\.0 mm \(A5 landscape\); letters must be A4 portrait: 210 × 297 mm, ±1 mm\.$/);
    assert.deepEqual(await money(s), before);
    const missing = await send({ file_url: files.url('/nope.pdf') });
    assert.match(missing.body.response_msg, /^file_url could not be fetched: .* answered HTTP 404/);
  });

  it('takes a letter to Sent with a cover page in the print folder, and shows it in history as ClickSend prints it', async () => {
    const r = await send({ recipients: [recipient(ra, { address_name: 'Letter Reader' })] });
    const id = r.body.data.recipients[0].message_id;
    const row = await waitFor('Sent', async () => {
      const x = await s.services.letters.repo.findByMessageId(id);
      return x?.status === 'Sent' ? x : undefined;
    });
    const day = new Date(Number(row.sent_at) * 1000).toISOString().slice(0, 10);
    const manifest = fs.readFileSync(path.join(s.dataDir, 'print', day, 'manifest.csv'), 'utf8');
    const line = manifest.split('\n').find((l) => l.startsWith(id))!;
    const file = fs.readFileSync(path.join(s.dataDir, 'print', day, `${id}.pdf`));
    const sha256 = createHash('sha256').update(file).digest('hex');
    // A4 without bleed; the checksum is the print file's.
    assert.ok(line.endsWith(`,AU,${id}.pdf,1.5700,AUD,letter,4,black simplex standard cover page,A4,210x297,0,210x297,${sha256}`), line);
    const { PDFDocument } = await import('pdf-lib');
    const printed = await PDFDocument.load(file);
    assert.equal(printed.getPageCount(), 4, 'cover page + 3 pages');

    const h = await s.request('GET', '/v3/post/letters/history?limit=100');
    assert.equal(h.body.response_msg, 'Here is your history.');
    const item = h.body.data.data.find((x: any) => x.message_id === id);
    assert.deepEqual(
      [item.status, item.post_price, item.post_pages, item.schedule, item.address_line_2, item.status_code, item.status_text, item.list_id],
      ['Sent', '1.570000', 4, null, null, '', '', null],
    );
    await waitFor('thumbnail', async () => ((await fetch(item._thumbnail_urls.front)).status === 200 ? true : undefined));
  });

  it('cancels a scheduled letter with a refund, and exports history as CSV', async () => {
    const at = Math.floor(Date.now() / 1000) + 7200;
    const r = await send({ recipients: [recipient(ra, { schedule: at })] });
    const id = r.body.data.recipients[0].message_id;
    const before = await money(s);
    const c = await s.request('PUT', `/v3/post/letters/${id}/cancel`);
    assert.equal(c.status, 200);
    assert.equal(c.body.data.status, 'Cancelled');
    assert.equal(c.body.data.schedule, at);
    assert.equal((await money(s)).balance - before.balance, 1_570_000);

    const e = await s.request('GET', '/v3/post/letters/history/export?filename=letters.csv');
    assert.equal(e.status, 200);
    const csv = await (await fetch(e.body.data.url)).text();
    const lines = csv.trim().split('\n');
    assert.match(lines[0]!, /^message_id,date_added,schedule,status,.*,post_pages,colour,duplex,priority_post,template_used,post_price,/);
    assert.equal(lines.length - 1, (await s.request('GET', '/v3/post/letters/history')).body.data.total);
    assert.ok(lines.some((l) => l.startsWith(`${id},`) && l.includes(',Cancelled,')));
  });
});
