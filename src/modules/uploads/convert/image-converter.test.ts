// test-tier: slow (starts and replaces worker threads, waits out conversion time limits)
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { threadId } from 'node:worker_threads';
import { pageSizes } from '../../../../test/helpers/uploads.js';
import { pdfImages } from '../../../../test/helpers/pdf-image.js';
import { gradientPng } from '../../../../test/helpers/png-writer.js';
import { ApiError } from '../../../core/errors/index.js';
import { imageInfo } from '../detect.js';
import { A4 } from './image.js';
import { ImageConverter, type ImageConverterOptions } from './image-converter.js';

const converters: ImageConverter[] = [];
const converter = (opts: Partial<ImageConverterOptions> = {}) => {
  const c = new ImageConverter({ workers: 2, maxQueued: 20, timeoutMs: 60_000, ...opts });
  converters.push(c);
  return c;
};
after(() => Promise.all(converters.map((c) => c.close())));

// RGBA, so each one is decoded by Skia rather than copied: real work for the threads.
const png = gradientPng(1500, 1000, { alpha: true });
const info = imageInfo('png', png)!;

describe('ImageConverter', () => {
  it('converts in a worker thread, not on the main thread', async () => {
    const c = converter();
    const pdf = await c.toPdf('png', png, info, 'letter');
    assert.deepEqual(
      (await pageSizes(pdf)).map((s) => [Math.round(s.width), Math.round(s.height)]),
      [[Math.round(A4[0]), Math.round(A4[1])]],
    );
    assert.deepEqual(
      (await pdfImages(pdf)).map((i) => [i.width, i.height]),
      [[1500, 1000]],
    );
    const { threadIds, started, finished } = c.stats();
    assert.equal(threadIds.length, 1);
    assert.notEqual(threadIds[0], threadId, 'answered by another thread');
    assert.deepEqual([started, finished], [1, 1]);
  });

  it('runs at most `workers` conversions at once and queues the rest in order', async () => {
    const c = converter({ workers: 2 });
    const pdfs = await Promise.all(Array.from({ length: 5 }, () => c.toPdf('png', png, info, 'postcard')));
    assert.equal(pdfs.length, 5);
    const stats = c.stats();
    assert.equal(stats.peakRunning, 2);
    assert.equal(stats.finished, 5);
    assert.ok(stats.threadIds.length <= 2);
  });

  it('refuses a conversion beyond the queue with a 503 SERVICE_UNAVAILABLE ApiError', async () => {
    const c = converter({ workers: 1, maxQueued: 1 });
    const first = c.toPdf('png', png, info, 'letter');
    const second = c.toPdf('png', png, info, 'letter');
    await assert.rejects(
      c.toPdf('png', png, info, 'letter'),
      (e: unknown) => e instanceof ApiError && e.httpCode === 503 && e.responseCode === 'SERVICE_UNAVAILABLE' && /busy converting other images \(2 running or waiting\)/.test(e.message),
    );
    await Promise.all([first, second]);
    await c.toPdf('png', png, info, 'letter'); // room again once those are done
  });

  it('refuses a decompression bomb before it takes a place in the queue', async () => {
    const c = converter();
    await assert.rejects(c.toPdf('png', png, { width: 20_000, height: 20_000, orientation: 1 }, 'letter'), (e: unknown) => e instanceof ApiError && e.httpCode === 400);
    assert.equal(c.stats().started, 0);
  });

  it("brings a damaged image's 400 back from the thread, and the thread keeps working", async () => {
    const c = converter({ workers: 1 });
    const small = gradientPng(20, 20);
    const damaged = Buffer.from(small);
    damaged.fill(0x55, damaged.indexOf('IDAT', 0, 'latin1') + 6, damaged.indexOf('IDAT', 0, 'latin1') + 40);
    await assert.rejects(c.toPdf('png', damaged, imageInfo('png', damaged)!, 'letter'), (e: unknown) => e instanceof ApiError && e.httpCode === 400 && /PNG image cannot be decoded/.test(e.message));
    assert.ok((await c.toPdf('png', small, imageInfo('png', small)!, 'letter')).length > 0);
  });

  it('stops a conversion that overruns the time limit with a 400, and replaces the thread', async () => {
    const c = converter({ workers: 1, timeoutMs: 1 });
    await assert.rejects(c.toPdf('png', png, info, 'letter'), (e: unknown) => e instanceof ApiError && e.httpCode === 400 && /took longer than 0 s and was stopped/.test(e.message));
    assert.equal(c.stats().finished, 1);
  });

  it('close() refuses what waits and ends the threads', async () => {
    const c = converter({ workers: 1 });
    const running = assert.rejects(c.toPdf('png', png, info, 'letter'), /closed before the conversion finished/);
    const waiting = assert.rejects(c.toPdf('png', png, info, 'letter'), /closed before the conversion finished/);
    await c.close();
    await Promise.all([running, waiting]);
    await assert.rejects(c.toPdf('png', png, info, 'letter'), /closed/);
  });
});
