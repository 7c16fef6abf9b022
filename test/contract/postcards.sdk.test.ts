import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import type { TestServer } from '../helpers/server.js';
import { money, postcardPdf, waitFor, type FileServer } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';

function postcard(urls: string[], returnAddressId: number, over: Record<string, unknown> = {}) {
  const r = new clicksend.PostRecipient();
  Object.assign(r, {
    addressName: 'John Smith',
    addressLine1: 'Address 1',
    addressLine2: '',
    addressCity: 'City',
    addressState: 'State',
    addressPostalCode: '123456',
    addressCountry: 'AU',
    returnAddressId,
    ...over,
  });
  const p = new clicksend.PostPostcard();
  p.fileUrls = urls;
  p.recipients = [r];
  return p;
}

describe('PostPostcardApi (official SDK)', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({ '/a5.pdf': await postcardPdf() }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('postPostcardsSendPost queues a card with the documented response', async () => {
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsSendPost(postcard([files.url('/a5.pdf')], ra)));
    assert.equal(r.status, 200);
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Postcard queued for delivery.');
    const d = r.body.data;
    assert.deepEqual([d.queued_count, d.total_count, d.total_price], [1, 1, 2.95]);
    const x = d.recipients[0];
    assert.deepEqual([x.status, x.address_city, x.address_postal_code, x.post_price, x.priority, x.source], ['SUCCESS', 'CITY', '123456', 2.95, 32, '.rest.v3']);
    assert.equal(typeof x.date_added, 'number');
    assert.equal(typeof x.schedule, 'number');
  });

  it('postPostcardsPricePost prices without charging', async () => {
    const before = await money(s);
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsPricePost(postcard([files.url('/a5.pdf')], ra, { addressCountry: 'US' })));
    assert.equal(r.status, 200);
    assert.equal(r.body.data.total_price, 3.8462);
    assert.deepEqual(await money(s), before);
  });

  it('postPostcardsHistoryGet pages the history with string prices and schedules', async () => {
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsHistoryGet(1, 15));
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Here is your history.');
    const page = r.body.data;
    assert.deepEqual([page.current_page, page.per_page, page.from], [1, 15, 1]);
    const x = page.data[0];
    assert.match(x.post_price, /^\d+\.\d{6}$/);
    assert.equal(typeof x.schedule, 'string');
    assert.equal(x.post_price_supplier, '0.000000');
    assert.ok(['Queued', 'Processing', 'Sent'].includes(x.status));
    await waitFor('Sent', async () => {
      const h = await call(sdk(s, 'PostPostcardApi').postPostcardsHistoryGet(1, 15));
      return h.body.data.data[0].status === 'Sent' ? true : undefined;
    });
  });

  it('postPostcardsHistoryExportGet returns a CSV URL', async () => {
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsHistoryExportGet('myexport.csv'));
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Download your file here.');
    assert.match(r.body.data.url, /\/files\/[0-9A-F-]{36}\.csv\?filename=myexport\.csv$/);
    const csv = await (await fetch(r.body.data.url)).text();
    assert.equal(csv.trim().split('\n').length, 2, 'header and the one card sent');
  });

  it('a refused file comes back as a 400 envelope the SDK surfaces', async () => {
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsSendPost(postcard([files.url('/missing.pdf')], ra)));
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /^file_urls\[0\] could not be fetched/);
  });
});
