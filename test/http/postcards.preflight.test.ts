import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { startServer, type TestServer } from '../helpers/server.js';
import { A4, A5_BLEED, A5_LANDSCAPE, createReturnAddress, encryptedPdf, makePdf, money, POST_ENV, postcardPdf, recipient, startFileServer, waitFor, type FileServer } from '../helpers/post.js';

/**
 * Every preflight rule refuses the request with a 400 envelope whose message names the file, the page, what it
 * is and what it must be, and nothing is charged, queued or stored as a card.
 */
describe('postcard preflight', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    s = await startServer({ env: POST_ENV });
    files = await startFileServer();
    files.set('/good.pdf', await postcardPdf());
    files.set('/front.pdf', await makePdf([{ size: A5_LANDSCAPE }]));
    files.set('/a4.pdf', await makePdf([{ size: A4 }]));
    files.set('/three.pdf', await makePdf([{ size: A5_LANDSCAPE }, { size: A5_LANDSCAPE }, { size: A5_LANDSCAPE }]));
    files.set('/one.pdf', await makePdf([{ size: A5_LANDSCAPE }]));
    files.set('/bleed-back.pdf', await makePdf([{ size: A5_BLEED }]));
    files.set('/a4-back.pdf', await makePdf([{ size: A5_LANDSCAPE }, { size: A4 }]));
    files.set('/encrypted.pdf', await encryptedPdf());
    files.set('/page.html', '<!doctype html><p>not a pdf</p>', { type: 'text/html' });
    files.set('/broken.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF');
    files.set('/big.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 + 1, 32)]));
    ra = await createReturnAddress(s);
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  async function refused(fileUrls: string[], match: RegExp) {
    const before = await money(s);
    const cards = (await s.request('GET', '/v3/post/postcards/history')).body.data.total;
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: fileUrls, recipients: [recipient(ra)] } });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.http_code, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, match);
    assert.deepEqual(await money(s), before, 'nothing charged');
    assert.equal((await s.request('GET', '/v3/post/postcards/history')).body.data.total, cards, 'nothing queued');
    const priced = await s.request('POST', '/v3/post/postcards/price', { body: { file_urls: fileUrls, recipients: [recipient(ra)] } });
    assert.equal(priced.status, 400, 'price runs the same preflight');
  }

  it('refuses an A4 page, naming the file, the page, the size found and the size expected', async () => {
    const url = files.url('/a4.pdf');
    await refused(
      [files.url('/front.pdf'), url],
      new RegExp(
        `^file 2 \\(${url.replace(/[.?]/g, '\\$&')}\\) page 1 is 210\\.0 × 297\\.0 mm \\(A4\\); postcards must be A5: 210 × 148 mm \\(landscape\\) or 148 × 210 mm \\(portrait\\) at trim size, or 216 × 154 / 154 × 216 mm with a 3 mm bleed, ±1 mm\\. To print it as a postcard, upload the file with POST /uploads\\?convert=postcard and send the _url it returns: each PDF page is scaled onto A5 \\(an A4 page exactly\\), and a picture fills a 216 × 154 mm page with bleed\\.$`,
      ),
    );
    await refused([files.url('/a4-back.pdf')], /^file 1 \(.*\/a4-back\.pdf\) page 2 is 210\.0 × 297\.0 mm \(A4\); postcards must be A5/);
  });

  it('refuses a single file without exactly 2 pages, and two files that are not one page each', async () => {
    await refused([files.url('/three.pdf')], /^file 1 \(.*\/three\.pdf\) has 3 pages; a single postcard file must have exactly 2 pages \(front, then back\)/);
    await refused([files.url('/one.pdf')], /^file 1 \(.*\/one\.pdf\) has 1 page; a single postcard file must have exactly 2 pages/);
    await refused([files.url('/good.pdf'), files.url('/front.pdf')], /^file 1 \(.*\/good\.pdf\) has 2 pages; with two files each must have exactly 1 page/);
  });

  it('takes a trim-size front with a bleed-size back: both faces come out on the one 216 × 154 mm sheet', async () => {
    const fileUrls = [files.url('/front.pdf'), files.url('/bleed-back.pdf')];
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: fileUrls, recipients: [recipient(ra)] } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.recipients[0].status, 'SUCCESS');
    const url = r.body.data.recipients[0]._proof_url;
    const proof = await waitFor('the proof', async () => {
      const got = await fetch(url);
      return got.ok ? Buffer.from(await got.arrayBuffer()) : undefined;
    });
    const doc = await PDFDocument.load(proof);
    for (const page of doc.getPages()) {
      const media = page.getMediaBox();
      const trim = page.getTrimBox();
      assert.deepEqual(
        [media.width, media.height].map((pt) => Math.round((pt * 25.4) / 72)),
        [216, 154],
      );
      assert.deepEqual(
        [trim.width, trim.height].map((pt) => Math.round((pt * 25.4) / 72)),
        [210, 148],
      );
    }
  });

  it('refuses an encrypted PDF, a file that is not a PDF, and one that cannot be read', async () => {
    await refused([files.url('/encrypted.pdf')], /^file 1 \(.*\/encrypted\.pdf\) is encrypted \(password-protected or restricted\); send an unencrypted PDF\.$/);
    await refused([files.url('/page.html')], /^file 1 \(.*\/page\.html\) is not a PDF: it starts with "<!doctype html><p>not a " instead of %PDF-\.$/);
    await refused([files.url('/broken.pdf')], /^file 1 \(.*\/broken\.pdf\) cannot be read as a PDF \(its page tree is missing or damaged\)\.$/);
  });

  it('refuses a URL that cannot be fetched or is over 10 MB, naming file_urls[i]', async () => {
    await refused([files.url('/good.pdf'), files.url('/missing.pdf')], /^file_urls\[1\] could not be fetched: http:\/\/127\.0\.0\.1:\d+\/missing\.pdf answered HTTP 404; expected a 2xx response\.$/);
    await refused([files.url('/big.pdf')], /^file_urls\[0\] could not be fetched: .*\/big\.pdf is 10 MiB, over the limit of 10 MiB\.$/);
    await refused(['ftp://example.com/card.pdf'], /^file_urls\[0\] could not be fetched: ftp:\/\/example\.com\/card\.pdf uses ftp; only http and https URLs can be fetched\.$/);
  });

  it('refuses no files, more than two, or a missing recipients list, naming the field', async () => {
    for (const [body, field] of [
      [{ file_urls: [], recipients: [recipient(ra)] }, /file_urls/],
      [{ file_urls: [files.url('/good.pdf'), files.url('/good.pdf'), files.url('/good.pdf')], recipients: [recipient(ra)] }, /file_urls/],
      [{ file_urls: [files.url('/good.pdf')] }, /recipients/],
      [{ file_urls: [files.url('/good.pdf')], recipients: [] }, /recipients/],
    ] as const) {
      const r = await s.request('POST', '/v3/post/postcards/send', { body });
      assert.equal(r.status, 400);
      assert.match(r.body.response_msg, field);
    }
  });
});

describe('postcard preflight with private URLs not allowed (the default)', () => {
  it('refuses a loopback file URL and says how to allow it', async () => {
    const s = await startServer({ env: { POST_HANDOFF_DELAY_MS: '0' } });
    const files = await startFileServer();
    try {
      files.set('/good.pdf', await postcardPdf());
      const ra = await createReturnAddress(s);
      const before = await money(s);
      const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/good.pdf')], recipients: [recipient(ra)] } });
      assert.equal(r.status, 400);
      assert.match(r.body.response_msg, /^file_urls\[0\] could not be fetched: .*127\.0\.0\.1.*set ALLOW_PRIVATE_URLS=1 to allow it\.$/);
      assert.deepEqual(files.hits, [], 'never requested');
      assert.deepEqual(await money(s), before);
    } finally {
      await s.close();
      await files.close();
    }
  });
});
