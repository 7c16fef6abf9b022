import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../helpers/server.js';
import { A5_BLEED, A5_LANDSCAPE, A5_PORTRAIT, createReturnAddress, ledgerRows, makePdf, money, postcardPdf, recipient, waitFor, type FileServer } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe('POST /post/postcards/send', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({
      '/card.pdf': await postcardPdf(),
      '/front.pdf': await makePdf([{ size: A5_PORTRAIT }]),
      '/back.pdf': await makePdf([{ size: A5_PORTRAIT }]),
      '/fonts.pdf': await makePdf([{ size: A5_LANDSCAPE, text: 'Hello from Helvetica' }, { size: A5_LANDSCAPE }]),
      '/bleed.pdf': await makePdf([{ size: A5_BLEED }, { size: A5_BLEED }]),
    }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('queues one card per recipient and answers the documented send shape, numbers as numbers', async () => {
    const before = await money(s);
    const r = await s.request('POST', '/v3/post/postcards/send', {
      body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra, { address_city: 'City', custom_string: 'Custom abc123' }), recipient(ra, { address_country: 'nz' })] },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Postcard queued for delivery.');
    const d = r.body.data;
    assert.deepEqual(d._currency, { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' });
    assert.equal(d.queued_count, 2);
    assert.equal(d.total_count, 2);
    assert.equal(d.total_price, 2.95 + 2.7523);
    assert.deepEqual(d._warnings, []);
    const [a, b] = d.recipients;
    assert.deepEqual(Object.keys(a).sort(), [
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
      'date_added',
      'ip_address',
      'letter_file_name',
      'message_id',
      'post_price',
      'priority',
      'return_address_id',
      'schedule',
      'source',
      'status',
      'subaccount_id',
      'user_id',
    ]);
    assert.match(a.message_id, UUID);
    assert.equal(a.status, 'SUCCESS');
    assert.equal(a.address_city, 'CITY', 'ClickSend upper-cases the city');
    assert.equal(a.post_price, 2.95);
    assert.equal(b.post_price, 2.7523);
    assert.equal(b.address_country, 'NZ');
    assert.equal(typeof a.schedule, 'number');
    assert.equal(a.schedule, a.date_added);
    assert.equal(a.priority, 32);
    assert.equal(a.source, '.rest.v3');
    assert.equal(a.ip_address, '127.0.0.1');
    assert.equal(a._api_username, s.owner.username);
    assert.equal(a.user_id, s.owner.accountId);
    assert.equal(a.return_address_id, ra);
    assert.equal(a._return_address.return_address_id, ra);
    assert.equal(a._return_address.address_city, 'Flynn');
    assert.match(a.letter_file_name, /^[0-9A-F-]{36}\.pdf$/);
    assert.equal(a._file_url, `${s.origin}/files/${a.letter_file_name}`);
    assert.equal(b.letter_file_name, a.letter_file_name, 'one print file per request');
    assert.equal(a._proof_url, `${s.origin}/files/${a.message_id}-PROOF.pdf`);
    assert.equal(a._thumbnail_urls.back, `${s.origin}/files/${a.message_id}-BACK.png`);
    assert.equal(a._thumbnail_urls.front, b._thumbnail_urls.front, 'the front is shared by the request');
    assert.ok(!('custom_string' in a), 'the send record does not echo custom_string, as documented');

    // The merged file is served, and exactly two ledger debits were made, one per card.
    const file = await fetch(a._file_url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'application/pdf');
    const after = await money(s);
    assert.equal(before.balance - after.balance, 2_950_000 + 2_752_300);
    assert.equal(after.balance, after.sum);
    const debits = (await ledgerRows(s)).filter((l) => l.kind === 'debit');
    assert.deepEqual(
      debits.slice(-2).map((l) => [l.product, l.reference, l.amount_micros]),
      [
        ['post', a.message_id, -2_950_000],
        ['post', b.message_id, -2_752_300],
      ],
    );
  });

  it('takes two one-page PDFs, A5 with bleed, and A5 portrait; merges two files into one 2-page PDF', async () => {
    for (const file_urls of [[files.url('/front.pdf'), files.url('/back.pdf')], [files.url('/bleed.pdf')]]) {
      const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls, recipients: [recipient(ra)] } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.data.queued_count, 1);
    }
  });

  it('warns, without refusing, when fonts are not embedded', async () => {
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/fonts.pdf')], recipients: [recipient(ra)] } });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.queued_count, 1);
    assert.equal(r.body.data._warnings.length, 1);
    assert.match(r.body.data._warnings[0], /^file 1 \(http:\/\/127\.0\.0\.1:\d+\/fonts\.pdf\) uses fonts that are not embedded: Helvetica \(page 1\)/);
  });

  it('takes a card to Sent, writes the print folder and manifest, makes the proof and thumbnails, and shows it in history', async () => {
    const r = await s.request('POST', '/v3/post/postcards/send', {
      body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra, { address_name: 'Jane Citizen', custom_string: 'order-42' })] },
    });
    const sent = r.body.data.recipients[0];
    const id = sent.message_id;
    const row = await waitFor('Sent', async () => {
      const x = await s.services.postcards.repo.findByMessageId(id);
      return x?.status === 'Sent' ? x : undefined;
    });
    const day = new Date(Number(row.sent_at) * 1000).toISOString().slice(0, 10);
    const printed = path.join(s.dataDir, 'print', day, `${id}.pdf`);
    assert.ok(fs.existsSync(printed), printed);
    assert.equal(fs.readFileSync(printed).subarray(0, 5).toString(), '%PDF-');
    const manifest = fs
      .readFileSync(path.join(s.dataDir, 'print', day, 'manifest.csv'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(manifest[0], 'message_id,recipient,return_address,country,file,price,currency,product,pages,options,size,trim_mm,bleed_mm,media_mm,sha256');
    const line = manifest.find((l) => l.startsWith(id));
    const sha256 = createHash('sha256').update(fs.readFileSync(printed)).digest('hex');
    assert.equal(
      line,
      `${id},"Jane Citizen, 130 Scheuvront Drive, PERTH WA 6000, AU","Sendbox Pty Ltd, 1 Maritime Avenue, Flynn WA 6302, AU",AU,${id}.pdf,2.9500,AUD,postcard,2,colour duplex,A5,210x148,3,216x154,${sha256}`,
    );

    // Proof and thumbnails appear shortly after the response, at the URLs it gave.
    assert.equal(sent._thumbnail_small_urls.back, `${s.origin}/files/${id}-BACK-SMALL.png`);
    const small = [sent._thumbnail_small_urls.front, sent._thumbnail_small_urls.back];
    for (const url of [sent._proof_url, sent._thumbnail_urls.front, sent._thumbnail_urls.back, ...small]) {
      const res = await waitFor(url, async () => {
        const x = await fetch(url);
        return x.status === 200 ? x : undefined;
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(bytes.subarray(1, 4).toString(), url.endsWith('.png') ? 'PNG' : 'PDF');
      // The trim of an A5 landscape card (210 × 148 mm): 1200 × 846 px, or 300 × 211 px for lists.
      if (url.endsWith('.png')) assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], small.includes(url) ? [300, 211] : [1200, 846], url);
    }
    assert.deepEqual(fs.readFileSync(printed), fs.readFileSync(path.join(s.dataDir, 'files', `${id}-PROOF.pdf`)), 'the print-ready PDF is the proof');

    const h = await s.request('GET', '/v3/post/postcards/history?limit=100');
    assert.equal(h.status, 200);
    assert.equal(h.body.response_msg, 'Here is your history.');
    const item = h.body.data.data.find((x: any) => x.message_id === id);
    assert.equal(item.status, 'Sent');
    assert.equal(item.custom_string, 'order-42');
    assert.equal(item.post_price, '2.950000');
    assert.equal(item.post_price_supplier, '0.000000');
    assert.equal(typeof item.schedule, 'string');
    assert.equal(item.schedule, String(sent.schedule));
    assert.equal(typeof item.date_added, 'number');
    assert.equal(item.list_id, null);
    assert.equal(item.message_id_supplier, `print/${day}/${id}.pdf`);
    assert.equal(item._proof_url, sent._proof_url);
    assert.deepEqual(item._thumbnail_urls, sent._thumbnail_urls);
    assert.deepEqual(item._thumbnail_small_urls, sent._thumbnail_small_urls);
  });

  it('keeps a future schedule Scheduled and filters history by date_from/date_to', async () => {
    const at = Math.floor(Date.now() / 1000) + 3600;
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra, { schedule: at })] } });
    const sent = r.body.data.recipients[0];
    assert.equal(sent.schedule, at);
    const h = await s.request('GET', `/v3/post/postcards/history?date_from=${sent.date_added}&date_to=${sent.date_added}&limit=100`);
    const mine = h.body.data.data.find((x: any) => x.message_id === sent.message_id);
    assert.equal(mine.status, 'Scheduled');
    assert.equal(mine.schedule, String(at));
    const none = await s.request('GET', `/v3/post/postcards/history?date_from=${sent.date_added + 10}`);
    assert.equal(none.body.data.total, 0);
    assert.deepEqual(none.body.data.data, []);
    const early = await s.request('GET', `/v3/post/postcards/history?date_to=${sent.date_added - 100}`);
    assert.equal(early.body.data.total, 0);
    // The unfiltered total comes from the kept count, the filtered one from the rows: they agree.
    const all = await s.request('GET', '/v3/post/postcards/history');
    const ranged = await s.request('GET', '/v3/post/postcards/history?date_from=0');
    assert.equal(all.body.data.total, ranged.body.data.total);
    assert.equal(all.body.data.last_page, Math.ceil(all.body.data.total / 15));
  });

  it('accepts test postcodes 11111/22222/33333 without charging or printing them', async () => {
    const before = await money(s);
    const r = await s.request('POST', '/v3/post/postcards/send', {
      body: { file_urls: [files.url('/card.pdf')], recipients: ['11111', '22222', '33333'].map((pc) => recipient(ra, { address_postal_code: pc })) },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.queued_count, 3);
    assert.equal(r.body.data.total_price, 0);
    for (const x of r.body.data.recipients) assert.equal(x.post_price, 0);
    assert.deepEqual(await money(s), before);
    for (const x of r.body.data.recipients) {
      const row = await waitFor('Sent', async () => {
        const y = await s.services.postcards.repo.findByMessageId(x.message_id);
        return y?.status === 'Sent' ? y : undefined;
      });
      assert.equal(row.print_ref, null);
      const day = new Date(Number(row.sent_at) * 1000).toISOString().slice(0, 10);
      assert.ok(!fs.existsSync(path.join(s.dataDir, 'print', day, `${x.message_id}.pdf`)));
    }
  });

  it("prices and charges in the account's currency", async () => {
    const us = await s.createAccount('post-us', 'US');
    const usRa = await createReturnAddress(s, us);
    const before = await money(s, us.accountId);
    const r = await s.request('POST', '/v3/post/postcards/send', { as: us, body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(usRa)] } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data._currency.currency_name_short, 'USD');
    // AU postcard 2.9500 AUD at 0.65 USD per AUD.
    assert.equal(r.body.data.recipients[0].post_price, 1.9175);
    assert.equal(before.balance - (await money(s, us.accountId)).balance, 1_917_500);
  });

  it('price answers the send shape and queues, charges and stores no card', async () => {
    const before = await money(s);
    const count = async () => (await s.request('GET', '/v3/post/postcards/history')).body.data.total;
    const n = await count();
    const r = await s.request('POST', '/v3/post/postcards/price', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra), recipient(ra, { address_country: 'GB' })] } });
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Postcard queued for delivery.');
    assert.equal(r.body.data.total_price, 2.95 + 4.4898);
    assert.equal(r.body.data.queued_count, 2);
    assert.equal(r.body.data.recipients[1].post_price, 4.4898);
    assert.ok(!('_proof_url' in r.body.data.recipients[0]));
    assert.deepEqual(await money(s), before);
    assert.equal(await count(), n);
    assert.equal(await s.services.postcards.repo.findByMessageId(r.body.data.recipients[0].message_id), undefined);
  });
});
