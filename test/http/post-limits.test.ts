import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { firstPageThumbnailName, ModuleProofKit, proofFileName } from '../../src/modules/post/pipeline/index.js';
import { letterWithImage, manyPagePdf } from '../helpers/big-pdf.js';
import { a4Letter, A5_LANDSCAPE, createReturnAddress, makePdf, money, POST_ENV, postcardPdf, recipient, startFileServer, waitFor, type FileServer } from '../helpers/post.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Every file in the FileStore's folder, relative, sorted: what a price call must leave as it was. */
function storedFiles(s: TestServer): string[] {
  const root = path.join(s.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
}

const TEST_POSTCODE = '11111';
const escape = (s: string) => s.replace(/[.?*+()[\]\\]/g, '\\$&');

/**
 * One tenant's post work must not stall the others: every post file has a page limit checked at preflight (test
 * postcodes included), price calls store nothing, an image the renderer would leave out is refused by name, and
 * proofs are composed in the worker threads while the API keeps answering.
 */
describe('post limits', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    s = await startServer({ env: POST_ENV });
    files = await startFileServer();
    files.set('/card.pdf', await postcardPdf());
    files.set('/card-3.pdf', await makePdf([{ size: A5_LANDSCAPE }, { size: A5_LANDSCAPE }, { size: A5_LANDSCAPE }]));
    files.set('/card-100000.pdf', manyPagePdf(100_000, A5_LANDSCAPE));
    files.set('/letter.pdf', await a4Letter(2));
    files.set('/letter-60.pdf', manyPagePdf(60));
    files.set('/letter-61.pdf', manyPagePdf(61));
    files.set('/letter-120.pdf', manyPagePdf(120));
    files.set('/letter-121.pdf', manyPagePdf(121));
    files.set('/letter-100000.pdf', manyPagePdf(100_000));
    files.set('/letter-huge-image.pdf', await letterWithImage(9000, 8000, { pages: 2, onPage: 2 }));
    files.set('/letter-big-image.pdf', await letterWithImage(8000, 8000));
    ra = await createReturnAddress(s);
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  async function refused(route: string, body: Record<string, unknown>, message: RegExp) {
    const before = await money(s);
    for (const action of ['send', 'price']) {
      const r = await s.request('POST', `/v3/post/${route}/${action}`, { body });
      assert.equal(r.status, 400, `${action}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.response_code, 'BAD_REQUEST');
      assert.match(r.body.response_msg, message);
    }
    assert.deepEqual(await money(s), before, 'nothing charged');
  }

  it('refuses a 3-page postcard at preflight, also when every recipient has a test postcode', async () => {
    const url = files.url('/card-3.pdf');
    const message = new RegExp(`^file 1 \\(${escape(url)}\\) has 3 pages; a single postcard file must have exactly 2 pages \\(front, then back\\)`);
    await refused('postcards', { file_urls: [url], recipients: [recipient(ra)] }, message);
    await refused('postcards', { file_urls: [url], recipients: [recipient(ra, { address_postal_code: TEST_POSTCODE })] }, message);
  });

  it('refuses a 100,000-page postcard without parsing it, naming the pages found', async () => {
    await refused(
      'postcards',
      { file_urls: [files.url('/card-100000.pdf')], recipients: [recipient(ra, { address_postal_code: TEST_POSTCODE })] },
      /^file 1 \(.*\/card-100000\.pdf\) has about 100,000 pages \(page objects found without opening it\); a single postcard file must have exactly 2 pages/,
    );
  });

  it('refuses a letter over 60 sheets (61 pages simplex, 121 duplex), naming the file, the pages and the maximum', async () => {
    const rule = 'a letter is printed on at most 60 sheets: 60 pages simplex, or 120 pages with duplex=1\\.$';
    for (const postcode of ['6000', TEST_POSTCODE]) {
      const to = [recipient(ra, { address_postal_code: postcode })];
      const url61 = files.url('/letter-61.pdf');
      await refused('letters', { file_url: url61, duplex: 0, recipients: to }, new RegExp(`^file_url \\(${escape(url61)}\\) has 61 pages; ${rule}`));
      await refused('letters', { file_url: files.url('/letter-121.pdf'), duplex: 1, recipients: to }, new RegExp(`^file_url \\(.*\\) has 121 pages; ${rule}`));
      await refused('letters', { file_url: files.url('/letter-120.pdf'), duplex: 0, recipients: to }, new RegExp(`has 120 pages; ${rule}`));
    }
    const at60 = await s.request('POST', '/v3/post/letters/price', { body: { file_url: files.url('/letter-60.pdf'), duplex: 0, recipients: [recipient(ra)] } });
    assert.equal(at60.status, 200, JSON.stringify(at60.body));
    const at120 = await s.request('POST', '/v3/post/letters/price', { body: { file_url: files.url('/letter-120.pdf'), duplex: 1, recipients: [recipient(ra)] } });
    assert.equal(at120.status, 200, JSON.stringify(at120.body));
  });

  it("refuses the issue's free letter: 100,000 pages to 20 test-postcode recipients, before anything is queued", async () => {
    const letters = (await s.request('GET', '/v3/post/letters/history')).body.data.total;
    const to = Array.from({ length: 20 }, () => recipient(ra, { address_postal_code: TEST_POSTCODE }));
    await refused('letters', { file_url: files.url('/letter-100000.pdf'), recipients: to }, /^file_url \(.*\) has about 100,000 pages .*; a letter is printed on at most 60 sheets/);
    assert.equal((await s.request('GET', '/v3/post/letters/history')).body.data.total, letters, 'nothing queued');
  });

  it('stores nothing in the file store for a price call; a send stores its print file', async () => {
    const before = storedFiles(s);
    const card = await s.request('POST', '/v3/post/postcards/price', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra)] } });
    assert.equal(card.status, 200, JSON.stringify(card.body));
    const letter = await s.request('POST', '/v3/post/letters/price', { body: { file_url: files.url('/letter.pdf'), recipients: [recipient(ra)] } });
    assert.equal(letter.status, 200, JSON.stringify(letter.body));
    assert.deepEqual(storedFiles(s), before, 'the file store is unchanged');

    const sent = await s.request('POST', '/v3/post/letters/send', { body: { file_url: files.url('/letter.pdf'), recipients: [recipient(ra, { address_postal_code: TEST_POSTCODE })] } });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.ok(storedFiles(s).length > before.length, 'a send keeps the print file');
  });

  it('refuses a JPEG above 64 megapixels at preflight, naming the file, the page and the size, and takes one just below', async () => {
    const url = files.url('/letter-huge-image.pdf');
    await refused(
      'letters',
      { file_url: url, recipients: [recipient(ra, { address_postal_code: TEST_POSTCODE })] },
      new RegExp(`^file_url \\(${escape(url)}\\) page 2 has an image of 9000 × 8000 pixels \\(72\\.0 megapixels\\); images may have at most 67,108,864 pixels \\(64 MP\\)`),
    );
    const ok = await s.request('POST', '/v3/post/letters/price', { body: { file_url: files.url('/letter-big-image.pdf'), recipients: [recipient(ra)] } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('composes a letter proof in a worker thread while /healthz keeps answering', async () => {
    const kit = s.services.postProofs;
    assert.ok(kit instanceof ModuleProofKit);
    const pool = kit.workers;
    const composedBefore = pool.completed.composeLetter ?? 0;
    files.set('/letter-heavy.pdf', manyPagePdf(120));
    const sent = await s.request('POST', '/v3/post/letters/send', { body: { file_url: files.url('/letter-heavy.pdf'), duplex: 1, recipients: [recipient(ra)] } });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const id: string = sent.body.data.recipients[0].message_id;
    let answers = 0;
    await waitFor(
      'the proof and its thumbnail',
      async () => {
        const r = await fetch(`${s.origin}/healthz`);
        if (r.status === 200) answers++;
        return (await s.services.files.stat(firstPageThumbnailName(id))) ? true : undefined;
      },
      60_000,
    );
    assert.ok(await s.services.files.stat(proofFileName(id)), 'the proof is stored');
    // At least: an earlier case's letter may still have had its proof composing when composedBefore was read.
    assert.ok((pool.completed.composeLetter ?? 0) >= composedBefore + 1, 'the proof was composed by the worker pool');
    assert.ok((pool.completed.inspect ?? 0) > 0, 'the preflight ran in the worker pool');
    assert.ok(answers > 0, '/healthz answered while the proof was made');
  });
});
