// test-tier: slow (decodes and re-encodes large images)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colourName, jpegWithOrientation, pageSizes, pngFixture, renderPage } from '../../../../test/helpers/uploads.js';
import { imageInfo } from '../detect.js';
import { A4, A5_BLEED, imageToPdf, MAX_PIXELS } from './image.js';
import { ApiError } from '../../../core/errors/index.js';
import { pdfImages } from '../../../../test/helpers/pdf-image.js';
import { encodePng, gradientPng, scanlines } from '../../../../test/helpers/png-writer.js';
import { pngStream } from './png-stream.js';
import { decodePDFRawStream, PDFDocument, PDFRawStream } from 'pdf-lib';

/** The page's content stream, inflated. */
async function contentStream(pdf: Buffer): Promise<string> {
  const doc = await PDFDocument.load(pdf);
  const contents = doc.getPage(0).node.Contents();
  const streams = contents && 'asArray' in contents ? contents.asArray() : [contents];
  return streams
    .map((ref) => doc.context.lookup(ref as never))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
    .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
    .join('\n');
}

const near = (actual: number[], expected: number[], what: string) =>
  assert.ok(
    actual.every((v, i) => Math.abs(v - expected[i]!) <= 12),
    `${what}: [${actual}] is not near [${expected}]`,
  );

describe('imageToPdf', () => {
  it('turns a JPEG upright by its EXIF orientation before placing it', async () => {
    // Stored 300×200 with red on top; orientation 6 means "rotate 90° clockwise to display": red ends up on the right.
    const jpeg = await jpegWithOrientation(6, 300, 200);
    const pdf = await imageToPdf('jpg', jpeg, imageInfo('jpg', jpeg)!, 'postcard');
    const [size] = await pageSizes(pdf);
    assert.deepEqual([size!.width, size!.height].map(Math.round), [Math.round(A5_BLEED[0]), Math.round(A5_BLEED[1])], 'displayed 200×300 is portrait → A5 portrait with bleed');
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

  for (const [what, w, h, page] of [
    ['a wide image', 1200, 400, [216, 154]],
    ['a tall image', 300, 900, [154, 216]],
  ] as const) {
    it(`covers the whole bleed page of a postcard with ${what}, centred, the overflow cropped`, async () => {
      const png = await pngFixture(w, h);
      const pdf = await imageToPdf('png', png, imageInfo('png', png)!, 'postcard');
      const MM = 72 / 25.4;
      const [size] = await pageSizes(pdf);
      assert.deepEqual(
        [size!.width, size!.height].map((v) => Math.round(v / MM)),
        [...page],
        'one page of bleed size',
      );
      // The drawn image's matrix: scaled to cover (the larger of the two ratios), centred, at its own pixel size.
      const [pw, ph] = page.map((v) => v * MM) as [number, number];
      const scale = Math.max(pw / w, ph / h);
      const cm = /([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) cm\s*\/Image/.exec(await contentStream(pdf));
      assert.ok(cm, 'the content stream draws the image through a cm matrix');
      const [a, , , d, e, f] = cm.slice(1).map(Number) as [number, number, number, number, number, number];
      near(
        [a, d, e, f].map((v) => Math.round(v)),
        [w * scale, h * scale, (pw - w * scale) / 2, (ph - h * scale) / 2].map((v) => Math.round(v)),
        'placement',
      );
      assert.ok(a >= pw - 0.01 && d >= ph - 0.01, 'covers both ways');
      const [img] = await pdfImages(pdf);
      assert.deepEqual([img!.width, img!.height], [w, h], 'embedded at full resolution');
      const r = await renderPage(pdf, 1, 0.5);
      for (const [fx, fy] of [
        [0.01, 0.01],
        [0.99, 0.01],
        [0.01, 0.99],
        [0.99, 0.99],
        [0.5, 0.5],
      ] as const)
        assert.notEqual(colourName(r.colourAt(fx, fy)), 'white', `no white at ${fx},${fy}`);
    });
  }

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

  it('copies an opaque RGB PNG into the PDF as it is (a PNG-predictor Flate stream), with its colours', async () => {
    const png = gradientPng(64, 64);
    const pdf = await imageToPdf('png', png, imageInfo('png', png)!, 'letter');
    const [img] = await pdfImages(pdf);
    assert.deepEqual({ ...img, storedBytes: undefined }, { width: 64, height: 64, filter: '/FlateDecode', colorSpace: '/DeviceRGB', bitsPerComponent: 8, predictor: 15, storedBytes: undefined });
    assert.equal(img!.storedBytes, pngStream(png)!.data.length, 'the IDAT bytes, not a re-encoding');
    // The square fills the A4 width and sits between 14.6 % and 85.4 % of its height.
    const page = await renderPage(pdf, 1, 1);
    near(page.colourAt(0.02, 0.16), [0, 0, 128], 'top left');
    near(page.colourAt(0.98, 0.16), [255, 0, 128], 'top right');
    near(page.colourAt(0.02, 0.84), [0, 255, 128], 'bottom left');
  });

  it('keeps a palette PNG indexed, with its palette', async () => {
    const png = encodePng({ width: 2, height: 1, colourType: 3, palette: [255, 0, 0, 0, 0, 255], scanlines: scanlines(2, 1, (x) => [x]) });
    const pdf = await imageToPdf('png', png, imageInfo('png', png)!, 'postcard');
    const [img] = await pdfImages(pdf);
    assert.match(img!.colorSpace, /^\[ \/Indexed \/DeviceRGB 1 <FF00000000FF> \]$/i);
    const page = await renderPage(pdf, 1, 1);
    assert.equal(colourName(page.colourAt(0.25, 0.5)), 'red');
    assert.equal(colourName(page.colourAt(0.75, 0.5)), 'blue');
  });

  it('flattens a half-transparent PNG onto white (print has no transparency), as an RGB image without a mask', async () => {
    const png = encodePng({ width: 8, height: 8, colourType: 6, scanlines: scanlines(8, 8, () => [255, 0, 0, 128]) });
    const pdf = await imageToPdf('png', png, imageInfo('png', png)!, 'postcard');
    const [img] = await pdfImages(pdf);
    assert.equal(img!.colorSpace, '/DeviceRGB');
    near((await renderPage(pdf, 1, 1)).colourAt(0.5, 0.5), [255, 127, 127], 'red at half opacity on white');
    assert.doesNotMatch(pdf.toString('latin1'), /SMask/);
  });

  it('refuses a PNG whose pixel data is damaged, naming the kind, rather than printing garbage', async () => {
    const good = gradientPng(20, 20);
    const damaged = Buffer.from(good);
    const idat = damaged.indexOf('IDAT', 0, 'latin1') + 4;
    damaged.fill(0x55, idat + 2, idat + 40);
    await assert.rejects(
      imageToPdf('png', damaged, imageInfo('png', damaged)!, 'letter'),
      (e: unknown) => e instanceof ApiError && e.httpCode === 400 && /PNG image cannot be decoded/.test(e.message),
    );
  });
});
