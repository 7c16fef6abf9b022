import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { inThreadPdfChecks } from './pdf-inspect.js';
import { inkWarning, preflightPostcard, type SourceFile } from './preflight.js';

const MM = 72 / 25.4;
type Draw = (page: PDFPage, font: PDFFont) => void;

/** A card PDF: one page per drawing, A5 landscape unless `size` (mm) says otherwise. */
async function card(faces: Draw[], size: [number, number] = [210, 148]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const draw of faces) draw(doc.addPage([size[0] * MM, size[1] * MM]), font);
  return Buffer.from(await doc.save());
}

const source = (bytes: Buffer, n = 1): SourceFile => ({ field: `file_urls[${n - 1}]`, label: `file ${n} (https://example.com/${n}.pdf)`, url: `https://example.com/${n}.pdf`, bytes });

const fullPage: Draw = (p) => p.drawRectangle({ x: 0, y: 0, width: p.getWidth(), height: p.getHeight(), color: rgb(0.2, 0.45, 0.8) });
const blank: Draw = () => {};
// The zone on a landscape A5 back, in PDF coordinates (origin bottom left): x 105–205 mm, y 5–60 mm.
const zoneLeft37: Draw = (p) => p.drawRectangle({ x: 105 * MM, y: 5 * MM, width: 37 * MM, height: 55 * MM, color: rgb(0.1, 0.1, 0.1) });

describe('ink under the address zone (postcard preflight)', () => {
  it('warns, naming the zone and the share, when artwork covers part of the back’s address zone', async () => {
    const r = await preflightPostcard(inThreadPdfChecks, [source(await card([fullPage, zoneLeft37]))]);
    assert.deepEqual(r.cardWarnings, ['Back page: artwork covers 37% of the address zone (100 × 55 mm at the bottom right, 5 mm inside the trim); it will be painted white under the address.']);
    assert.deepEqual(r.warnings, []);
  });

  it('sees a line of 8 pt text (a promo code) in the zone', async () => {
    const promo: Draw = (p, font) => p.drawText('PROMO CODE: SAVE20 on your next order', { x: 110 * MM, y: 30 * MM, size: 8, font });
    const r = await preflightPostcard(inThreadPdfChecks, [source(await card([blank])), source(await card([promo]), 2)]);
    assert.equal(r.cardWarnings.length, 1);
    assert.match(r.cardWarnings[0]!, /^Back page: artwork covers [1-9]\d?% of the address zone \(100 × 55 mm/);
  });

  it('gives no warning for a clean back, whatever the front, the message half and a near-white paper tint', async () => {
    const back: Draw = (p, font) => {
      p.drawRectangle({ x: 0, y: 0, width: p.getWidth(), height: p.getHeight(), color: rgb(0.97, 0.96, 0.93) });
      p.drawText('Greetings from the left half of the card', { x: 10 * MM, y: 100 * MM, size: 11, font });
      // Artwork that stops exactly at the zone's top edge (60 mm) does not count through anti-aliasing.
      p.drawRectangle({ x: 0, y: 60 * MM, width: p.getWidth(), height: 20 * MM, color: rgb(0, 0, 0) });
    };
    const r = await preflightPostcard(inThreadPdfChecks, [source(await card([fullPage, back]))]);
    assert.deepEqual(r.cardWarnings, []);
  });

  it('finds the zone on a bleed-size back and on a portrait back', async () => {
    const bleed = await preflightPostcard(inThreadPdfChecks, [source(await card([blank, fullPage], [216, 154]))]);
    assert.match(bleed.cardWarnings[0] ?? '', /artwork covers 100% of the address zone/);
    // Portrait 148 × 210: the zone is 100 × 55 mm at the bottom right, x 43–143 mm, y 5–60 mm; cover its right half.
    const right: Draw = (p) => p.drawRectangle({ x: 93 * MM, y: 0, width: 60 * MM, height: 70 * MM, color: rgb(0.8, 0.1, 0.1) });
    const portrait = await preflightPostcard(inThreadPdfChecks, [source(await card([blank, right], [148, 210]))]);
    assert.match(portrait.cardWarnings[0] ?? '', /artwork covers 50% of the address zone/);
  });

  it('words the share as a whole percentage and ignores a speck', () => {
    assert.equal(inkWarning(0.004), undefined);
    assert.match(inkWarning(0.006)!, /covers 1% of/);
    assert.match(inkWarning(0.996)!, /covers 100% of/);
  });
});
