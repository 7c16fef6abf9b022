import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colourName, jpegWithOrientation, pageSizes, pngFixture, renderPage } from '../../../../test/helpers/uploads.js';
import { imageInfo } from '../detect.js';
import { A4, A5, imageToPdf, MAX_PIXELS } from './image.js';
import { ApiError } from '../../../core/errors/index.js';

describe('imageToPdf', () => {
  it('turns a JPEG upright by its EXIF orientation before placing it', async () => {
    // Stored 300×200 with red on top; orientation 6 means "rotate 90° clockwise to display": red ends up on the right.
    const jpeg = await jpegWithOrientation(6, 300, 200);
    const pdf = await imageToPdf('jpg', jpeg, imageInfo('jpg', jpeg)!, 'postcard');
    const [size] = await pageSizes(pdf);
    assert.deepEqual([size!.width, size!.height].map(Math.round), [Math.round(A5[0]), Math.round(A5[1])], 'displayed 200×300 is portrait → A5 portrait');
    const page = await renderPage(pdf, 1, 1);
    assert.equal(colourName(page.colourAt(0.25, 0.5)), 'blue');
    assert.equal(colourName(page.colourAt(0.75, 0.5)), 'red');
  });

  it('handles the other common orientations (3: upside down, 8: rotated left)', async () => {
    const upside = await jpegWithOrientation(3, 300, 200);
    const p3 = await renderPage(await imageToPdf('jpg', upside, imageInfo('jpg', upside)!, 'postcard'), 1, 1);
    assert.equal(colourName(p3.colourAt(0.5, 0.3)), 'blue');
    assert.equal(colourName(p3.colourAt(0.5, 0.7)), 'red');
    const left = await jpegWithOrientation(8, 300, 200);
    const p8 = await renderPage(await imageToPdf('jpg', left, imageInfo('jpg', left)!, 'postcard'), 1, 1);
    assert.equal(colourName(p8.colourAt(0.25, 0.5)), 'red');
    assert.equal(colourName(p8.colourAt(0.75, 0.5)), 'blue');
  });

  it('puts letters on A4 portrait with the image centred and its aspect ratio kept', async () => {
    const png = await pngFixture(400, 400);
    const pdf = await imageToPdf('png', png, imageInfo('png', png)!, 'letter');
    const [size] = await pageSizes(pdf);
    assert.deepEqual([size!.width, size!.height].map(Math.round), [Math.round(A4[0]), Math.round(A4[1])]);
    // A square on 210×297 mm: 210 mm wide, 43.5 mm of white above and below.
    const page = await renderPage(pdf, 1, 1);
    assert.equal(colourName(page.colourAt(0.5, 0.1)), 'white');
    assert.equal(colourName(page.colourAt(0.5, 0.2)), 'red');
    assert.equal(colourName(page.colourAt(0.5, 0.8)), 'blue');
    assert.equal(colourName(page.colourAt(0.5, 0.9)), 'white');
  });

  it('refuses a decompression bomb before decoding it', async () => {
    const png = await pngFixture(10, 10);
    const claimed = { width: 20_000, height: 20_000, orientation: 1 };
    assert.ok(claimed.width * claimed.height > MAX_PIXELS);
    await assert.rejects(imageToPdf('png', png, claimed, 'postcard'), (e: unknown) => e instanceof ApiError && /20000 × 20000 pixels/.test(e.message));
  });
});
