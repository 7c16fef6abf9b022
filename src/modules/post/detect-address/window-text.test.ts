// test-tier: slow (renders proof PDFs with pdfjs and reads their text back)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { composeLetterProof } from '../proofs/compose.js';
import { mm } from '../proofs/index.js';
import { a4Letter, RECIPIENT, RETURN_ADDRESS } from '../proofs/test-fixtures.js';
import { parseAddressLines } from './parse-address.js';
import { readWindowLines } from './window-text.js';

const texts = async (pdf: Buffer) => (await readWindowLines(pdf)).map((l) => l.text);

describe('readWindowLines', () => {
  it('reads the lines inside the window of page 1, top to bottom, and nothing else', async () => {
    const pdf = await a4Letter({ pages: 2, windowLines: ['Homer Simpson', '742 Evergreen Terrace', 'Springfield, IL 62701'], outsideLines: ['Our ref: 12345', 'Date: 1 May 2025'] });
    assert.deepEqual(await texts(pdf), ['Homer Simpson', '742 Evergreen Terrace', 'Springfield, IL 62701']);
  });

  it('finds nothing when the window is blank, even if the page has text elsewhere', async () => {
    assert.deepEqual(await texts(await a4Letter({ outsideLines: ['ACME Pty Ltd', '1 Somewhere St', 'PERTH WA 6000'] })), []);
    assert.deepEqual(await texts(await a4Letter({ pages: 3 })), []);
  });

  it('joins runs drawn separately on one baseline, with a space where there is a gap', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([mm(210), mm(297)]);
    const y = page.getHeight() - mm(60);
    page.drawText('PERTH', { x: mm(25), y, size: 10, font });
    page.drawText('6000', { x: mm(50), y, size: 10, font });
    page.drawText('WA', { x: mm(42), y, size: 10, font });
    page.drawText('Jane Citizen', { x: mm(25), y: y + 14, size: 10, font });
    assert.deepEqual(await texts(Buffer.from(await doc.save())), ['Jane Citizen', 'PERTH WA 6000']);
  });

  it('drops a sender line printed small at the top of the window', async () => {
    const proof = await composeLetterProof(await a4Letter(), RECIPIENT, RETURN_ADDRESS, { templateUsed: false });
    assert.deepEqual(await texts(proof), ['Jane Citizen', '123 Example Street', 'Unit 4', 'PERTH WA 6000']);
  });

  it('round-trips every country layout a proof prints', async () => {
    const cases = [
      { ...RECIPIENT, address_country: 'AU' },
      { ...RECIPIENT, address_line_2: '', address_city: 'Springfield', address_state: 'IL', address_postal_code: '62701', address_country: 'US' },
      { ...RECIPIENT, address_line_2: '', address_city: 'Toronto', address_state: 'ON', address_postal_code: 'M5V 2T6', address_country: 'CA' },
      { ...RECIPIENT, address_line_2: '', address_city: 'London', address_state: '', address_postal_code: 'SW1A 1AA', address_country: 'GB' },
      { ...RECIPIENT, address_line_2: 'Te Aro', address_city: 'Wellington', address_state: '', address_postal_code: '6011', address_country: 'NZ' },
    ];
    for (const to of cases) {
      const proof = await composeLetterProof(await a4Letter(), to, RETURN_ADDRESS, { templateUsed: true });
      const parsed = parseAddressLines(await texts(proof))!;
      assert.deepEqual(
        parsed.address,
        {
          address_name: to.address_name,
          address_line_1: to.address_line_1,
          address_line_2: to.address_line_2,
          address_city: to.address_city.toUpperCase(),
          address_state: to.address_state,
          address_postal_code: to.address_postal_code,
          address_country: to.address_country,
        },
        to.address_country,
      );
    }
  });
});
