// test-tier: slow (composes proofs and reads them back with pdf-lib and pdfjs)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, PDFName, PDFRawStream, PDFDict, PDFArray, type PDFPage } from 'pdf-lib';
import { composeLetterProof, composePostcardProof } from './compose.js';
import { mm, toMm } from './geometry.js';
import { readPageText } from './pdfjs.js';
import { a4Letter, a5Card, RECIPIENT, RETURN_ADDRESS } from './test-fixtures.js';

type Box = { x: number; y: number; width: number; height: number };
const boxesOf = (page: PDFPage) => ({ media: page.getMediaBox(), crop: page.getCropBox(), bleed: page.getBleedBox(), trim: page.getTrimBox() });
const sizeMm = (b: Box) => [Number(toMm(b.width).toFixed(2)), Number(toMm(b.height).toFixed(2))];
const approx = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 0.01, `${what}: ${a} vs ${b}`);

/** A page's boxes are the postcard geometry: sheet = bleed = 216 × 154 (or turned), trim 210 × 148 at 3 mm in. */
function assertPostcardBoxes(page: PDFPage, landscape: boolean, label: string) {
  const { media, crop, bleed, trim } = boxesOf(page);
  assert.deepEqual(sizeMm(media), landscape ? [216, 154] : [154, 216], `${label}: MediaBox`);
  assert.deepEqual(bleed, media, `${label}: BleedBox = MediaBox`);
  assert.deepEqual(crop, media, `${label}: CropBox = MediaBox`);
  assert.deepEqual(sizeMm(trim), landscape ? [210, 148] : [148, 210], `${label}: TrimBox`);
  approx(trim.x - media.x, mm(3), `${label}: trim 3 mm in from the left`);
  approx(trim.y - media.y, mm(3), `${label}: trim 3 mm in from the bottom`);
}

/** Where the recipient's first line starts, in mm from the trim's top-left corner, as a viewer shows the back. */
async function recipientFromTrim(proof: Buffer): Promise<[number, number]> {
  const page = await readPageText(proof, 2);
  const name = page.items.find((i) => i.str === RECIPIENT.address_name);
  assert.ok(name, 'the recipient is printed');
  // pdfjs shows the CropBox (= the bleed sheet); the trim is 3 mm inside it.
  return [toMm(name.x) - 3, toMm(name.y) - 3];
}

/** The card with a 1000 × 700 px RGB photo (PNG) on the front and a CMYK image plus CMYK fills on the back. */
async function cardWithImages(bleed: boolean): Promise<Buffer> {
  const doc = await PDFDocument.load(await a5Card({ bleed }));
  const canvas = createCanvas(1000, 700);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#3a7';
  ctx.fillRect(0, 0, 1000, 700);
  ctx.fillStyle = '#c21';
  ctx.fillRect(100, 100, 300, 200);
  const photo = await doc.embedPng(canvas.encodeSync('png'));
  const front = doc.getPage(0);
  front.drawImage(photo, { x: 20, y: 20, width: mm(120), height: mm(84) });
  // A 4 × 2 px DeviceCMYK image, uncompressed, and a rich-black CMYK fill: neither may come out as RGB.
  const cmyk = doc.context.register(doc.context.stream(new Uint8Array(4 * 2 * 4).fill(200), { Type: 'XObject', Subtype: 'Image', Width: 4, Height: 2, ColorSpace: 'DeviceCMYK', BitsPerComponent: 8 }));
  const back = doc.getPage(1);
  const xobjects = back.node.normalizedEntries().XObject;
  xobjects.set(PDFName.of('Cmyk1'), cmyk);
  const ops = doc.context.register(doc.context.stream('q 0.6 0.4 0.4 1 k 30 30 100 50 re f Q q 60 0 0 30 40 100 cm /Cmyk1 Do Q\n'));
  back.node.addContentStream(ops);
  return Buffer.from(await doc.save());
}

/** Every image XObject of a page: its pixel size, colour space and stored bytes. */
function imagesOf(page: PDFPage) {
  const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xobjects) return [];
  return xobjects.entries().flatMap(([, ref]) => {
    const stream = page.doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Subtype'))?.toString() !== '/Image') return [];
    const get = (k: string) => stream.dict.get(PDFName.of(k))?.toString();
    return [{ width: Number(get('Width')), height: Number(get('Height')), colorSpace: get('ColorSpace'), bytes: Buffer.from(stream.contents) }];
  });
}

function contentText(page: PDFPage): string {
  const contents = page.doc.context.lookup(page.node.get(PDFName.of('Contents')));
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => page.doc.context.lookup(r)) : [contents];
  return streams.map((s) => Buffer.from((s as PDFRawStream).contents).toString('latin1')).join('\n');
}

describe('print boxes of the composed postcard', () => {
  for (const orientation of ['landscape', 'portrait'] as const) {
    for (const bleed of [false, true]) {
      it(`gives a ${bleed ? 'bleed-size' : 'trim-size'} ${orientation} card MediaBox = BleedBox at bleed size and the TrimBox 3 mm inside, on both faces`, async () => {
        const proof = await composePostcardProof(await a5Card({ orientation, bleed }), RECIPIENT, RETURN_ADDRESS);
        const doc = await PDFDocument.load(proof);
        for (const [i, page] of doc.getPages().entries()) assertPostcardBoxes(page, orientation === 'landscape', `page ${i + 1}`);
        // pdfjs (what a viewer shows) sees the bleed sheet.
        const text = await readPageText(proof, 2);
        const [w, h] = orientation === 'landscape' ? [216, 154] : [154, 216];
        approx(text.width, mm(w), 'pdfjs width');
        approx(text.height, mm(h), 'pdfjs height');
      });
    }
  }

  it('puts the address at the same place relative to the trim for trim-size and bleed-size inputs, landscape and portrait', async () => {
    for (const orientation of ['landscape', 'portrait'] as const) {
      const [atTrim, withBleed] = await Promise.all([false, true].map(async (bleed) => recipientFromTrim(await composePostcardProof(await a5Card({ orientation, bleed }), RECIPIENT, RETURN_ADDRESS))));
      approx(atTrim![0], withBleed![0], `${orientation}: x from the trim (mm)`);
      approx(atTrim![1], withBleed![1], `${orientation}: y from the trim (mm)`);
    }
  });

  it('keeps a /Rotate back turned as it was, with boxes in its own user space', async () => {
    const proof = await composePostcardProof(await a5Card({ backRotation: 90 }), RECIPIENT, RETURN_ADDRESS);
    const back = (await PDFDocument.load(proof)).getPage(1);
    assert.equal(back.getRotation().angle, 90);
    // Stored portrait, shown landscape.
    assertPostcardBoxes(back, false, 'turned back');
    const shown = await readPageText(proof, 2);
    approx(shown.width, mm(216), 'displayed width');
  });

  it('centres a trim-size face on the sheet and clips its artwork to the trim, leaving its own content streams as they were', async () => {
    const card = await a5Card();
    const proof = await composePostcardProof(card, RECIPIENT, RETURN_ADDRESS);
    const [before, after] = [(await PDFDocument.load(card)).getPage(0), (await PDFDocument.load(proof)).getPage(0)];
    assert.deepEqual(after.getTrimBox(), before.getMediaBox(), 'the old page is the trim');
    const text = contentText(after);
    assert.ok(text.includes(contentText(before)), 'the sender’s stream is kept byte for byte');
    const { x, y, width, height } = before.getMediaBox();
    assert.ok(text.startsWith(`q ${x} ${y} ${Number(width.toFixed(4))} ${Number(height.toFixed(4))} re W n`), text.slice(0, 80));
  });

  for (const bleed of [false, true]) {
    it(`keeps images at their pixel size and bytes, and CMYK as CMYK (${bleed ? 'bleed-size' : 'trim-size'} input)`, async () => {
      const card = await cardWithImages(bleed);
      const proof = await composePostcardProof(card, RECIPIENT, RETURN_ADDRESS);
      const [inDoc, outDoc] = await Promise.all([PDFDocument.load(card), PDFDocument.load(proof)]);
      for (const n of [0, 1]) {
        const [sent, printed] = [imagesOf(inDoc.getPage(n)), imagesOf(outDoc.getPage(n))];
        assert.equal(sent.length, 1, `page ${n + 1} has its image`);
        assert.deepEqual(
          printed.map(({ width, height, colorSpace }) => ({ width, height, colorSpace })),
          sent.map(({ width, height, colorSpace }) => ({ width, height, colorSpace })),
        );
        assert.ok(printed[0]!.bytes.equals(sent[0]!.bytes), `page ${n + 1}: image bytes unchanged`);
      }
      assert.deepEqual(
        imagesOf(outDoc.getPage(0)).map((i) => [i.width, i.height, i.colorSpace]),
        [[1000, 700, '/DeviceRGB']],
      );
      assert.equal(imagesOf(outDoc.getPage(1))[0]!.colorSpace, '/DeviceCMYK');
      assert.match(contentText(outDoc.getPage(1)), /0\.6 0\.4 0\.4 1 k/, 'the CMYK fill is still a CMYK fill');
      assertPostcardBoxes(outDoc.getPage(1), true, 'back');
    });
  }
});

describe('print boxes of the composed letter', () => {
  it('sets TrimBox = BleedBox = MediaBox = A4 on every page, cover page included', async () => {
    for (const templateUsed of [true, false]) {
      const proof = await composeLetterProof(await a4Letter({ pages: 2 }), RECIPIENT, RETURN_ADDRESS, { templateUsed });
      const doc = await PDFDocument.load(proof);
      assert.equal(doc.getPageCount(), templateUsed ? 2 : 3);
      for (const page of doc.getPages()) {
        const { media, crop, bleed, trim } = boxesOf(page);
        assert.deepEqual(sizeMm(media), [210, 297]);
        assert.deepEqual(trim, media);
        assert.deepEqual(bleed, media);
        assert.deepEqual(crop, media);
      }
    }
  });
});
