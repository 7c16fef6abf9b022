import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { threadId } from 'node:worker_threads';
import { basicAuth, startServer, type TestServer } from '../helpers/server.js';
import { pdfImages } from '../helpers/pdf-image.js';
import { gradientPng } from '../helpers/png-writer.js';
import { pageSizes } from '../helpers/uploads.js';

const MM = 72 / 25.4;
const SIDE = 5000;

async function upload(s: TestServer, png: Buffer, convert = 'post') {
  const res = await fetch(`${s.base}/uploads?convert=${convert}`, {
    method: 'POST',
    headers: { authorization: basicAuth(s.owner.username, s.owner.apiKey), 'content-type': 'application/json' },
    body: JSON.stringify({ content: png.toString('base64') }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function download(url: string): Promise<Buffer> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `GET ${url}`);
  return Buffer.from(await r.arrayBuffer());
}

// Issue 7 item 5: a 5000 × 5000 PNG used to block the event loop for seconds while pdf-lib decoded it.
describe('POST /v3/uploads with large images', () => {
  let s: TestServer;
  // One RGB PNG (copied into the PDF as it is) and an RGBA one twice (decoded by Skia and flattened): both paths.
  const rgba = gradientPng(SIDE, SIDE, { alpha: true });
  const pngs = [gradientPng(SIDE, SIDE), rgba, rgba];
  before(async () => {
    s = await startServer(); // IMAGE_WORKERS defaults to 2
  });
  after(() => s.close());

  it('keeps answering /healthz while three 5000 × 5000 PNGs convert in worker threads, and makes correct PDFs', async () => {
    const images = s.services.uploads.images;
    let converting = true;
    // Answers to /healthz that were asked and received while the same conversions were still running: impossible
    // when a conversion holds the event loop from its start to its end.
    let answeredMidConversion = 0;
    const poll = (async () => {
      while (converting) {
        const before = images.stats();
        const r = await fetch(`${s.origin}/healthz`);
        assert.equal(r.status, 200);
        await r.text();
        const now = images.stats();
        if (before.started > before.finished && now.finished === before.finished) answeredMidConversion++;
        await new Promise((resolve) => setTimeout(resolve, 10)); // a polling pace, not a wait for anything
      }
    })();
    const results = await Promise.all(pngs.map((png) => upload(s, png)));
    converting = false;
    await poll;

    for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(answeredMidConversion > 0, 'no /healthz answer arrived while a conversion was running');
    const stats = images.stats();
    assert.equal(stats.finished, 3);
    assert.equal(stats.peakRunning, 2, 'two threads by default; the third upload waited its turn');
    assert.ok(stats.threadIds.length >= 1 && !stats.threadIds.includes(threadId), `converted on threads ${stats.threadIds}, not the main thread ${threadId}`);

    for (const [i, r] of results.entries()) {
      const pdf = await download(r.body.data._url);
      const [size, ...more] = await pageSizes(pdf);
      assert.deepEqual(more, []);
      assert.ok(Math.abs(size!.width - 210 * MM) < 0.5 && Math.abs(size!.height - 297 * MM) < 0.5, 'A4 portrait');
      const [img, ...others] = await pdfImages(pdf);
      assert.deepEqual(others, []);
      assert.deepEqual([img!.width, img!.height, img!.colorSpace, img!.filter], [SIDE, SIDE, '/DeviceRGB', '/FlateDecode'], `upload ${i}`);
    }
  });
});

describe('POST /v3/uploads when the image threads are all busy', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { IMAGE_WORKERS: '1', IMAGE_QUEUE_MAX: '0' } });
  });
  after(() => s.close());

  it('refuses an image beyond IMAGE_QUEUE_MAX with a 503 envelope that says to try again', async () => {
    const png = gradientPng(SIDE, SIDE, { alpha: true });
    const results = await Promise.all([upload(s, png), upload(s, png)]);
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    assert.equal(ok.length, 1, JSON.stringify(results.map((r) => r.body)));
    assert.equal(refused.length, 1);
    assert.deepEqual(refused[0]!.body, {
      http_code: 503,
      response_code: 'SERVICE_UNAVAILABLE',
      response_msg: 'The server is busy converting other images (1 running or waiting); upload this PNG again in a moment.',
      data: null,
    });
  });
});
