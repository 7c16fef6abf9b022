import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { degrees, PDFDocument, rgb } from 'pdf-lib';
import { colourName, pageSizes, renderPage } from '../../../../test/helpers/uploads.js';
import { pdfToPostcard } from './pdf-postcard.js';

const MM = 72 / 25.4;

/** One page of `size` mm: red in the lower-left quadrant and blue in the upper-right one of its user space, turned by `rotate`. */
async function quadrants(size: [number, number], rotate = 0): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const [w, h] = [size[0] * MM, size[1] * MM];
  const page = doc.addPage([w, h]);
  page.drawRectangle({ x: 0, y: 0, width: w / 2, height: h / 2, color: rgb(1, 0, 0) });
  page.drawRectangle({ x: w / 2, y: h / 2, width: w / 2, height: h / 2, color: rgb(0, 0, 1) });
  if (rotate) page.setRotation(degrees(rotate));
  return Buffer.from(await doc.save());
}

const mmOf = (s: { width: number; height: number }) => [Math.round(s.width / MM), Math.round(s.height / MM)];
const POINTS = [
  [0.25, 0.25],
  [0.75, 0.25],
  [0.25, 0.75],
  [0.75, 0.75],
] as const;
const CORNERS = [
  [0.02, 0.02],
  [0.98, 0.02],
  [0.02, 0.98],
  [0.98, 0.98],
] as const;

describe('pdfToPostcard (convert=postcard for a PDF)', () => {
  it('keeps a file of A5 faces, trim or bleed, as it is', async () => {
    assert.equal(await pdfToPostcard(await quadrants([210, 148])), undefined);
    assert.equal(await pdfToPostcard(await quadrants([154, 216])), undefined);
  });

  it('scales an A4 page to exactly A5, as the page is seen, whatever its /Rotate', async () => {
    for (const rotate of [0, 90, 180, 270]) {
      const a4 = await quadrants([210, 297], rotate);
      const card = await pdfToPostcard(a4);
      assert.ok(card, `rotate ${rotate}`);
      const [size] = await pageSizes(Buffer.from(card));
      assert.deepEqual(mmOf(size!), rotate % 180 === 0 ? [148, 210] : [210, 148], `rotate ${rotate}: A5 in the orientation shown`);
      const before = await renderPage(a4, 1, 0.5);
      const after = await renderPage(Buffer.from(card), 1, 0.5);
      for (const [fx, fy] of POINTS) assert.equal(colourName(after.colourAt(fx, fy)), colourName(before.colourAt(fx, fy)), `rotate ${rotate} at ${fx},${fy}`);
      // Same proportions: no margins, the quadrants reach the corners.
      for (const [fx, fy] of CORNERS) assert.equal(colourName(after.colourAt(fx, fy)), colourName(before.colourAt(fx, fy)), `rotate ${rotate} at corner ${fx},${fy}`);
    }
  });

  it('fits a page of other proportions (US Letter) inside A5, centred, white at the sides', async () => {
    const card = await pdfToPostcard(await quadrants([215.9, 279.4]));
    const [size] = await pageSizes(Buffer.from(card!));
    assert.deepEqual(mmOf(size!), [148, 210]);
    const page = await renderPage(Buffer.from(card!), 1, 0.5);
    assert.equal(colourName(page.colourAt(0.5, 0.01)), 'white', 'margin above');
    assert.equal(colourName(page.colourAt(0.25, 0.75)), 'red');
    assert.equal(colourName(page.colourAt(0.75, 0.25)), 'blue');
  });
});
