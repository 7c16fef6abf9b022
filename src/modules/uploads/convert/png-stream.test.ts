import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodePng, gradientPng, scanlines } from '../../../../test/helpers/png-writer.js';
import { pngStream, pngStreamIsSound } from './png-stream.js';

describe('pngStream', () => {
  it('takes the pixel data of an opaque 8-bit RGB PNG as it is', () => {
    const s = pngStream(gradientPng(40, 30));
    assert.ok(s);
    assert.deepEqual([s.width, s.height, s.colors, s.bitsPerComponent, s.palette], [40, 30, 3, 8, undefined]);
    assert.ok(pngStreamIsSound(s));
  });

  it('takes grey PNGs of 1 to 8 bits, and palette PNGs with their palette', () => {
    const grey = pngStream(encodePng({ width: 16, height: 2, colourType: 0, depth: 1, scanlines: Buffer.from([0, 0xf0, 0x0f, 0, 0x0f, 0xf0]) }));
    assert.deepEqual([grey?.colors, grey?.bitsPerComponent], [1, 1]);
    assert.ok(grey && pngStreamIsSound(grey));
    const palette = [255, 0, 0, 0, 0, 255];
    const indexed = pngStream(encodePng({ width: 2, height: 2, colourType: 3, palette, scanlines: scanlines(2, 2, (x) => [x]) }));
    assert.deepEqual(indexed?.palette && [...indexed.palette], palette);
    assert.ok(indexed && pngStreamIsSound(indexed));
  });

  it('declines PNGs that need decoding: alpha, tRNS transparency, 16-bit samples, interlacing', () => {
    const rows = scanlines(2, 2, () => [1, 2, 3]);
    assert.equal(pngStream(gradientPng(4, 4, { alpha: true })), undefined);
    assert.equal(pngStream(encodePng({ width: 2, height: 2, colourType: 2, trns: [0, 1, 0, 2, 0, 3], scanlines: rows })), undefined);
    assert.equal(pngStream(encodePng({ width: 2, height: 2, colourType: 2, depth: 16, scanlines: scanlines(2, 2, () => [0, 1, 0, 2, 0, 3]) })), undefined);
    assert.equal(pngStream(encodePng({ width: 2, height: 2, colourType: 2, interlaceFlag: true, scanlines: rows })), undefined);
    assert.equal(pngStream(Buffer.from('not a png at all, not a png at all')), undefined);
  });

  it('finds a stream that does not hold the promised scanlines unsound', () => {
    const short = pngStream(encodePng({ width: 10, height: 10, colourType: 2, scanlines: scanlines(10, 9, () => [1, 2, 3]) }));
    assert.ok(short);
    assert.equal(pngStreamIsSound(short), false);
    const badFilter = pngStream(encodePng({ width: 1, height: 1, colourType: 2, scanlines: Buffer.from([9, 1, 2, 3]) }));
    assert.equal(badFilter && pngStreamIsSound(badFilter), false);
    const notZlib = { ...short, data: Buffer.from('garbage') };
    assert.equal(pngStreamIsSound(notZlib), false);
  });
});
