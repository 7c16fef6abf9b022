// test-tier: slow (renders PDF pages with pdfjs in worker threads: tens of seconds on 2 cores)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument, rgb } from 'pdf-lib';
import { composeLetterProof, composePostcardProof } from './compose.js';
import { mm, postcardAddressPanel } from './geometry.js';
import { letterWithImage } from '../../../../test/helpers/big-pdf.js';
import { ProofRenderer } from './renderer.js';
import { a4Letter, a5Card, BACK_COLOUR, darkPixels, FRONT_COLOUR, near, pixelAt, pngSize, RECIPIENT, RETURN_ADDRESS } from './test-fixtures.js';

const WHITE = { red: 1, green: 1, blue: 1 } as never;
const BLEED_COLOUR = rgb(0.9, 0.1, 0.1);

/** A bleed-size card whose 3 mm bleed is red and whose trim is blue (FRONT_COLOUR), on both faces. */
async function framedBleedCard(orientation: 'landscape' | 'portrait'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const [w, h] = orientation === 'landscape' ? [mm(216), mm(154)] : [mm(154), mm(216)];
  for (let i = 0; i < 2; i++) {
    const page = doc.addPage([w, h]);
    page.drawRectangle({ x: 0, y: 0, width: w, height: h, color: BLEED_COLOUR });
    page.drawRectangle({ x: mm(3), y: mm(3), width: w - mm(6), height: h - mm(6), color: FRONT_COLOUR });
  }
  return Buffer.from(await doc.save());
}

/** The share of pixels of two same-size PNGs that differ by more than 32 in some channel. */
async function differingPixels(a: Buffer, b: Buffer): Promise<number> {
  const data = async (png: Buffer) => {
    const img = await loadImage(png);
    const ctx = createCanvas(img.width, img.height).getContext('2d');
    ctx.drawImage(img, 0, 0);
    return ctx.getImageData(0, 0, img.width, img.height).data;
  };
  const [x, y] = await Promise.all([data(a), data(b)]);
  let n = 0;
  for (let i = 0; i < x.length; i += 4) if ([0, 1, 2].some((c) => Math.abs(x[i + c]! - y[i + c]!) > 32)) n++;
  return n / (x.length / 4);
}

describe('ProofRenderer', () => {
  const renderer = new ProofRenderer({ workers: 2 });
  before(() => renderer.start());
  after(() => renderer.stop());

  it('renders every page at 100 dpi by default, or the chosen pages at a fixed width', async () => {
    const card = await a5Card();
    const pngs = await renderer.renderThumbnails(card);
    assert.equal(pngs.length, 2);
    for (const png of pngs) {
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      assert.deepEqual(await pngSize(png), { width: 827, height: 583 }, 'A5 landscape at 100 dpi');
    }
    const [back] = await renderer.renderThumbnails(card, { pages: [2], width: 800 });
    assert.deepEqual(await pngSize(back!), { width: 800, height: 564 });
  });

  it('shows the address panel white over the artwork, the artwork colour around it, and the front as sent', async () => {
    const card = await a5Card();
    const proof = await composePostcardProof(card, RECIPIENT, RETURN_ADDRESS);
    // The proof sits on the bleed sheet (print-boxes.ts); its trim is the card as sent.
    const [front, back] = await renderer.renderThumbnails(proof, { dpi: 100, trim: true });
    const [originalFront] = await renderer.renderThumbnails(card, { pages: [1], dpi: 100 });
    assert.deepEqual(await pngSize(front!), await pngSize(originalFront!));
    // The trim starts 3 mm (a fraction of a pixel off the grid) into the sheet: edges antialias differently, nothing else.
    assert.ok((await differingPixels(front!, originalFront!)) < 0.01, 'front renders as the original');

    const px = 100 / 72;
    const { panel } = postcardAddressPanel(mm(210), mm(148));
    const at = (x: number, y: number) => pixelAt(back!, x * px, y * px);
    const right = panel.x + panel.width;
    const bottom = panel.y + panel.height;
    for (const [x, y] of [
      [panel.x + 3, bottom - 3],
      [right - 3, bottom - 3],
      [right - 3, panel.y + 3],
      [panel.x + panel.width / 2, bottom - 10],
    ] as const) {
      assert.ok(near(await at(x, y), WHITE), `inside the panel at ${x.toFixed(0)},${y.toFixed(0)} pt is white`);
    }
    for (const [x, y] of [
      [panel.x - 4, bottom - 20],
      [panel.x + 20, panel.y - 4],
      [right + 4, bottom - 20],
      [panel.x + 20, bottom + 4],
      [right - 10, 20],
    ] as const) {
      assert.ok(near(await at(x, y), BACK_COLOUR), `outside the panel at ${x.toFixed(0)},${y.toFixed(0)} pt keeps the artwork colour`);
    }
    assert.ok((await darkPixels(back!, { x: (panel.x + mm(4)) * px, y: panel.y * px, width: mm(40) * px, height: mm(30) * px })) > 200, 'the address is printed');
    assert.ok(near(await pixelAt(front!, 700, 20), FRONT_COLOUR));
  });

  it('shows a letter window painted white over what the page had there', async () => {
    const letter = await a4Letter({ windowLines: ['OLD TEXT IN THE WINDOW AREA'], windowXMm: 70, windowTopMm: 75 });
    const proof = await composeLetterProof(letter, RECIPIENT, RETURN_ADDRESS, { templateUsed: true });
    const px = 100 / 72;
    const oldTextArea = { x: mm(70) * px, y: mm(71) * px, width: mm(38) * px, height: mm(6) * px };
    const [before] = await renderer.renderThumbnails(letter, { pages: [1] });
    const [afterwards] = await renderer.renderThumbnails(proof, { pages: [1] });
    assert.ok((await darkPixels(before!, oldTextArea)) > 50, 'the fixture has text there');
    assert.equal(await darkPixels(afterwards!, oldTextArea), 0, 'hidden under the white window');
  });

  it('shows the trim of a bleed-size card, bleed cut off, at 1200 px and 300 px on the long side, landscape and portrait', async () => {
    for (const orientation of ['landscape', 'portrait'] as const) {
      const proof = await composePostcardProof(await framedBleedCard(orientation), RECIPIENT, RETURN_ADDRESS);
      const pngs = await renderer.renderThumbnails(proof, { trim: true, longSide: 1200, smallLongSide: 300 });
      assert.equal(pngs.length, 4, 'front, front small, back, back small');
      const sizes = await Promise.all(pngs.map(pngSize));
      const turn = (w: number, h: number) => (orientation === 'landscape' ? { width: w, height: h } : { width: h, height: w });
      // 210 × 148 mm: 1200 × 845.7 and 300 × 211.4 px.
      assert.deepEqual(sizes, [turn(1200, 846), turn(300, 211), turn(1200, 846), turn(300, 211)]);
      for (const { width, height } of sizes) assert.ok(Math.abs(Math.max(width, height) / Math.min(width, height) - 210 / 148) < 0.005, 'the trim’s aspect ratio');
      // The fixture's bleed is red, its trim blue: every corner of the thumbnails is blue.
      for (const [i, png] of pngs.entries()) {
        const { width, height } = sizes[i]!;
        for (const [x, y] of [
          [1, 1],
          [width - 2, 1],
          [1, height - 2],
          [width - 2, height - 2],
        ] as const)
          assert.ok(near(await pixelAt(png, x, y), FRONT_COLOUR, 24), `${orientation} PNG ${i + 1}: ${x},${y} is inside the trim`);
      }
    }
  });

  it('shows the trim of a turned (/Rotate 90) trim-size back as it is displayed: landscape, 1200 × 846 px', async () => {
    const proof = await composePostcardProof(await a5Card({ backRotation: 90 }), RECIPIENT, RETURN_ADDRESS);
    const [back, small] = await renderer.renderThumbnails(proof, { pages: [2], trim: true, longSide: 1200, smallLongSide: 300 });
    assert.deepEqual(await pngSize(back!), { width: 1200, height: 846 });
    assert.deepEqual(await pngSize(small!), { width: 300, height: 211 });
    // The trim is the card as sent: its artwork colour reaches every edge (no blank bleed in the thumbnail).
    for (const [x, y] of [
      [1, 1],
      [1198, 1],
      [1, 844],
    ] as const)
      assert.ok(near(await pixelAt(back!, x, y), BACK_COLOUR, 24), `${x},${y} is artwork, not bleed`);
  });

  it('rejects a page the PDF does not have, and a file that is not a PDF, then keeps serving', async () => {
    const card = await a5Card();
    await assert.rejects(renderer.renderThumbnails(card, { pages: [3] }), { name: 'RangeError', message: 'page 3 is not in a 2-page PDF' });
    await assert.rejects(renderer.renderThumbnails(Buffer.from('not a pdf at all')), /PDF/);
    await assert.rejects(renderer.renderThumbnails(card, { dpi: 5000 }), /dpi must be between 10 and 600/);
    await assert.rejects(renderer.renderThumbnails(card, { longSide: 1200, smallLongSide: 1.5 }), /smallLongSide must be a whole number/);
    assert.equal((await renderer.renderThumbnails(card, { pages: [1] })).length, 1);
  });

  it('fails a page with an image above 64 MP by name instead of rendering it blank, and renders the other pages', async () => {
    const letter = await letterWithImage(9000, 8000, { pages: 2, onPage: 2 });
    await assert.rejects(renderer.renderThumbnails(letter, { pages: [2] }), { name: 'ImageTooLarge', message: /page 2 has an image of 9000 × 8000 pixels/ });
    assert.equal((await renderer.renderThumbnails(letter, { pages: [1] })).length, 1);
  });
});

describe('ProofRenderer lifecycle', () => {
  it('refuses work before start() and after stop(), and fails queued jobs on stop()', async () => {
    const card = await a5Card();
    const r = new ProofRenderer();
    await assert.rejects(r.renderThumbnails(card), /not started/);
    await r.start();
    const outcomes = [1, 2, 3].map(() =>
      r.renderThumbnails(card).then(
        () => 'rendered',
        (err: Error) => err.message,
      ),
    );
    await r.stop();
    assert.deepEqual(await Promise.all(outcomes), Array(3).fill('ProofRenderer stopped before the job ran'));
    await assert.rejects(r.renderThumbnails(card), /not started/);
  });

  it('abandons a job that runs past the time limit and replaces the worker, so the next job is still taken', async () => {
    const r = new ProofRenderer({ jobTimeoutMs: 1 });
    await r.start();
    try {
      const heavy = await a5Card();
      await assert.rejects(r.renderThumbnails(heavy, { dpi: 600 }), /longer than 1 ms and was abandoned/);
      // Only a replacement worker can take (and abandon) this one; with none, it would wait forever.
      await assert.rejects(r.renderThumbnails(heavy, { dpi: 600 }), /abandoned/);
    } finally {
      await r.stop();
    }
  });
});
