// test-tier: slow (composes proofs and renders them with pdfjs to check pixels)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { composeLetterProof } from './compose.js';
import { letterWindow, mm, type Rect } from './geometry.js';
import { readPageText, type PositionedText } from './pdfjs.js';
import { a4Letter, LETTER_BODY, RECIPIENT, RETURN_ADDRESS } from './test-fixtures.js';

function within(item: PositionedText, r: Rect): boolean {
  return item.x >= r.x - 0.01 && item.x + item.width <= r.x + r.width + 0.01 && item.y - item.size * 0.8 >= r.y && item.y + item.size * 0.25 <= r.y + r.height;
}

const RECIPIENT_LINES = ['Jane Citizen', '123 Example Street', 'Unit 4', 'PERTH WA 6000'];
const RETURN_LINE = 'Sendbox Pty Ltd, 1 Return Road, SYDNEY NSW 2000';

describe('composeLetterProof', () => {
  it('with templateUsed, prints the address into the window of page 1 and adds no page', async () => {
    const letter = await a4Letter({ pages: 2 });
    const proof = await composeLetterProof(letter, RECIPIENT, RETURN_ADDRESS, { templateUsed: true });
    assert.equal((await PDFDocument.load(proof)).getPageCount(), 2);
    const page = await readPageText(proof, 1);
    const window = letterWindow();
    const inWindow = page.items.filter((i) => within(i, window)).map((i) => i.str);
    assert.deepEqual(inWindow, [RETURN_LINE, ...RECIPIENT_LINES]);
    assert.ok(
      page.items.some((i) => i.str === `${LETTER_BODY} Page 1.` && !within(i, window)),
      'the body stays where it was',
    );
    assert.deepEqual(await readPageText(proof, 2), await readPageText(letter, 2), 'page 2 untouched');
  });

  it('without the template, puts an A4 cover page in front carrying the address in the window position, return address above it', async () => {
    const letter = await a4Letter({ pages: 1 });
    const proof = await composeLetterProof(letter, { ...RECIPIENT, address_country: 'US', address_city: 'Springfield', address_state: 'IL', address_postal_code: '62701' }, RETURN_ADDRESS, {
      templateUsed: false,
    });
    const doc = await PDFDocument.load(proof);
    assert.equal(doc.getPageCount(), 2);
    const { width, height } = doc.getPage(0).getSize();
    assert.ok(Math.abs(width - mm(210)) < 0.01 && Math.abs(height - mm(297)) < 0.01, 'cover page is A4 portrait');
    const cover = await readPageText(proof, 1);
    assert.deepEqual(
      cover.items.map((i) => i.str),
      [`${RETURN_LINE}, AUSTRALIA`, 'Jane Citizen', '123 Example Street', 'Unit 4', 'SPRINGFIELD IL 62701', 'UNITED STATES OF AMERICA'],
    );
    for (const item of cover.items) assert.ok(within(item, letterWindow()), `"${item.str}" inside the window`);
    assert.ok(cover.items[0]!.size < cover.items[1]!.size, 'return address smaller than the recipient');
    assert.deepEqual(await readPageText(proof, 2), await readPageText(letter, 1), 'the letter follows, unchanged');
  });
});
