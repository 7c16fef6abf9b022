import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import type { TestServer } from '../helpers/server.js';
import { a4Letter, money, type FileServer } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';

function letter(url: string, returnAddressId: number, over: Record<string, unknown> = {}) {
  const r = new clicksend.PostRecipient();
  Object.assign(r, {
    addressName: 'John Smith',
    addressLine1: '131',
    addressLine2: 'Scheuvront Drive',
    addressCity: 'Denver',
    addressState: 'CO',
    addressPostalCode: '80202',
    addressCountry: 'AU',
    returnAddressId,
    schedule: 0,
  });
  const l = new clicksend.PostLetter();
  Object.assign(l, { fileUrl: url, recipients: [r], templateUsed: 1, colour: 0, duplex: 0, priorityPost: 0, ...over });
  return l;
}

describe('PostLetterApi (official SDK)', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({ '/letter.pdf': await a4Letter(3) }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('postLettersSendPost queues a letter with the documented response', async () => {
    const before = await money(s);
    const r = await call(sdk(s, 'PostLetterApi').postLettersSendPost(letter(files.url('/letter.pdf'), ra, { colour: 1 })));
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Letters queued for delivery.');
    const x = r.body.data.recipients[0];
    assert.deepEqual([x.status, x.post_pages, x.post_price, x.colour, x.address_city], ['SUCCESS', 3, '1.9500', 1, 'DENVER']);
    assert.equal(r.body.data.total_price, 1.95);
    assert.equal(before.balance - (await money(s)).balance, 1_950_000);
  });

  it('postLettersPricePost prices without charging', async () => {
    const before = await money(s);
    const r = await call(sdk(s, 'PostLetterApi').postLettersPricePost(letter(files.url('/letter.pdf'), ra)));
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Here are some results.');
    assert.deepEqual([r.body.data.total_cost, r.body.data.total_price, r.body.data.recipients[0].post_price], [1, 1.47, '1.4700']);
    assert.deepEqual(await money(s), before);
  });

  it('postLettersHistoryGet and postLettersExportGet', async () => {
    const h = await call(sdk(s, 'PostLetterApi').postLettersHistoryGet(1, 15));
    assert.equal(h.status, 200);
    assert.equal(h.body.data.total, 1);
    const x = h.body.data.data[0];
    assert.match(x.post_price, /^1\.950000$/);
    assert.equal(x.schedule, null);
    const e = await call(sdk(s, 'PostLetterApi').postLettersExportGet('export.csv'));
    assert.equal(e.status, 200);
    assert.match(e.body.data.url, /\?filename=export\.csv$/);
  });
});
