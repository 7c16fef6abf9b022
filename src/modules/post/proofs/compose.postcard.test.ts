// test-tier: slow (composes proofs and renders them with pdfjs to check pixels)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { recipientLines, type Address } from './address.js';
import type { ProofWarning } from './address-block.js';
import { composePostcardProof } from './compose.js';
import { mm, postcardAddressPanel, type Rect } from './geometry.js';
import { readPageText, type PositionedText } from './pdfjs.js';
import { a5Card, RECIPIENT, RETURN_ADDRESS } from './test-fixtures.js';

/** The item's glyph box (ascender to descender) lies within the rect. */
function within(item: PositionedText, r: Rect): boolean {
  return item.x >= r.x - 0.01 && item.x + item.width <= r.x + r.width + 0.01 && item.y - item.size * 0.8 >= r.y && item.y + item.size * 0.25 <= r.y + r.height;
}

async function backText(pdf: Buffer) {
  const page = await readPageText(pdf, 2);
  const { panel } = postcardAddressPanel(page.width, page.height);
  const ours = page.items.filter((i) => !/artwork line/.test(i.str));
  return { page, panel, ours };
}

/** The page's content stream(s), as stored (still encoded). */
async function frontContent(pdf: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  const page = doc.getPage(0);
  const contents = page.doc.context.lookup(page.node.get(PDFName.of('Contents')));
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return Buffer.concat(streams.map((s) => Buffer.from((s as PDFRawStream).contents)));
}

describe('composePostcardProof', () => {
  it('prints the recipient, and the return address smaller above it, inside the bottom-right panel of a landscape back', async () => {
    const proof = await composePostcardProof(await a5Card(), RECIPIENT, RETURN_ADDRESS);
    const { panel, ours, page } = await backText(proof);
    // The proof is on the bleed sheet (print-boxes.ts): the trim is 3 mm inside it.
    assert.ok(Math.abs(panel.x + panel.width - (page.width - mm(8))) < 0.01, 'panel 5 mm from the right trim edge');
    assert.ok(Math.abs(panel.y + panel.height - (page.height - mm(8))) < 0.01, 'panel 5 mm from the bottom trim edge');
    const lines = ours.map((i) => i.str);
    assert.deepEqual(lines, ['Sendbox Pty Ltd', '1 Return Road', 'SYDNEY NSW 2000', 'Jane Citizen', '123 Example Street', 'Unit 4', 'PERTH WA 6000']);
    for (const item of ours) assert.ok(within(item, panel), `"${item.str}" at ${item.x.toFixed(1)},${item.y.toFixed(1)} is inside the panel`);
    const [ret, rcpt] = [ours.slice(0, 3), ours.slice(3)];
    assert.ok(Math.max(...ret.map((i) => i.y)) < Math.min(...rcpt.map((i) => i.y)), 'return address above the recipient');
    assert.ok(
      ret.every((r) => r.size < rcpt[0]!.size),
      'return address smaller',
    );
  });

  it('leaves the front exactly as sent: same content stream, same text', async () => {
    const card = await a5Card();
    const proof = await composePostcardProof(card, RECIPIENT, RETURN_ADDRESS);
    // Kept byte for byte; print-boxes.ts only wraps it in a clip to the trim and centres it on the bleed sheet.
    assert.ok((await frontContent(proof)).includes(await frontContent(card)));
    const [before, after] = await Promise.all([readPageText(card, 1), readPageText(proof, 1)]);
    const at = (i: { str: string; x: number; y: number }, shift: number) => [i.str, (i.x - shift).toFixed(3), (i.y - shift).toFixed(3)];
    assert.deepEqual(
      after.items.map((i) => at(i, mm(3))),
      before.items.map((i) => at(i, 0)),
    );
    assert.equal((await PDFDocument.load(proof)).getPageCount(), 2);
  });

  it('puts the panel 5 mm inside the trim of a portrait back that carries a 3 mm bleed', async () => {
    const proof = await composePostcardProof(await a5Card({ orientation: 'portrait', bleed: true }), RECIPIENT, RETURN_ADDRESS);
    const { panel, ours, page } = await backText(proof);
    assert.ok(Math.abs(page.width - mm(154)) < 0.01 && Math.abs(page.height - mm(216)) < 0.01);
    assert.ok(Math.abs(panel.x + panel.width - (page.width - mm(8))) < 0.01, '3 mm bleed + 5 mm margin on the right');
    assert.ok(Math.abs(panel.y + panel.height - (page.height - mm(8))) < 0.01, '3 mm bleed + 5 mm margin at the bottom');
    assert.ok(panel.width >= mm(90) && panel.height >= mm(45));
    assert.equal(ours.length, 7);
    for (const item of ours) assert.ok(within(item, panel), `"${item.str}" is inside the panel`);
  });

  it('follows /Rotate: the panel is at the bottom right of the back as it is displayed', async () => {
    for (const backRotation of [90, 180, 270] as const) {
      const proof = await composePostcardProof(await a5Card({ backRotation }), RECIPIENT, RETURN_ADDRESS);
      const { panel, ours, page } = await backText(proof);
      assert.ok(page.width > page.height, `displayed landscape at /Rotate ${backRotation}`);
      assert.equal(ours.length, 7);
      for (const item of ours) assert.ok(within(item, panel), `/Rotate ${backRotation}: "${item.str}" at ${item.x.toFixed(1)},${item.y.toFixed(1)} inside the panel`);
    }
  });

  it('shrinks, wraps and shortens long lines, never printing outside the panel, and says when it shortened', async () => {
    const long: Address = {
      ...RECIPIENT,
      address_name: 'Dr Maximiliana Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh-Cholmondeley',
      address_line_1: 'Suite 1200, Level 12, The Extraordinarily Long Corporate Headquarters Building, 1234 Very Long Boulevard Name',
      address_line_2: `Attention: Accounts Payable Department, References ${'ABC-123 '.repeat(60)}`,
    };
    const warnings: ProofWarning[] = [];
    const proof = await composePostcardProof(await a5Card(), long, RETURN_ADDRESS, { onWarning: (w) => warnings.push(w) });
    const { panel, ours } = await backText(proof);
    for (const item of ours) assert.ok(within(item, panel), `"${item.str}" inside the panel`);
    const rcpt = ours.filter((i) => i.size > 6);
    assert.ok(
      rcpt.every((i) => i.size >= 7 - 0.01),
      'not below the 7 pt minimum',
    );
    assert.ok(
      rcpt.some((i) => i.str === 'PERTH WA 6000'),
      'the town line is still printed',
    );
    assert.ok(
      rcpt.some((i) => i.str.endsWith('…')),
      'something was shortened',
    );
    assert.ok(warnings.some((w) => w.code === 'UNPRINTABLE' && /does not fit/.test(w.message)));
  });

  it('keeps the return address clearly smaller than a long recipient address (recipient ≥ 1.25 × its size)', async () => {
    const long: Address = { ...RECIPIENT, address_line_1: 'Attention Accounts Payable, The Extraordinarily Long Corporate Headquarters Building' };
    const warnings: ProofWarning[] = [];
    const proof = await composePostcardProof(await a5Card(), long, RETURN_ADDRESS, { onWarning: (w) => warnings.push(w) });
    const { ours } = await backText(proof);
    const [ret, rcpt] = [ours.slice(0, 3), ours.slice(3)];
    assert.deepEqual(
      ret.map((i) => i.str),
      ['Sendbox Pty Ltd', '1 Return Road', 'SYDNEY NSW 2000'],
    );
    const largestReturn = Math.max(...ret.map((i) => i.size));
    for (const item of rcpt) assert.ok(item.size >= largestReturn * 1.25 - 0.01, `"${item.str}" at ${item.size} pt against ${largestReturn} pt`);
    assert.ok(
      warnings.every((w) => w.code === 'ADJUSTED'),
      'shrunk and wrapped, not cut',
    );
  });

  it('prints Cyrillic and CJK on one line with the npm Noto faces, without warnings', async () => {
    const warnings: ProofWarning[] = [];
    const intl: Address = { ...RECIPIENT, address_name: 'Жанна 東京 Citizen', address_city: 'Москва', address_country: 'RU' };
    const proof = await composePostcardProof(await a5Card(), intl, RETURN_ADDRESS, { onWarning: (w) => warnings.push(w) });
    const { panel, ours } = await backText(proof);
    const text = ours.map((i) => i.str).join('|');
    assert.match(text, /Жанна ?東京 ?Citizen/);
    assert.match(text, /МОСКВА WA 6000/);
    assert.match(text, /RUSSIAN FEDERATION/, 'country line for mail abroad');
    for (const item of ours) assert.ok(within(item, panel));
    assert.deepEqual(warnings, []);
  });

  it('leaves out a character no face has and says which (sends refuse such recipients before this)', async () => {
    const warnings: ProofWarning[] = [];
    const proof = await composePostcardProof(await a5Card(), { ...RECIPIENT, address_name: 'Jane \u{1F9FF} Citizen' }, RETURN_ADDRESS, { onWarning: (w) => warnings.push(w) });
    const { ours } = await backText(proof);
    assert.ok(
      ours.some((i) => i.str.replace(/\s+/g, ' ') === 'Jane Citizen'),
      JSON.stringify(ours.map((i) => i.str)),
    );
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.code, 'UNPRINTABLE');
    assert.match(warnings[0]!.message, /address_name contains "\u{1F9FF}" \(U\+1F9FF\)/u);
  });

  it('embeds every font it draws the address with: no unembedded Helvetica, Latin included', async () => {
    const proof = await composePostcardProof(await a5Card(), { ...RECIPIENT, address_name: 'Жанна' }, RETURN_ADDRESS);
    const doc = await PDFDocument.load(proof);
    const dict = doc.getPage(1).node.normalizedEntries().Font;
    // pdf-lib names a font afresh on every drawText; look at the font objects behind the names, bar the artwork's.
    const ours = dict.keys().filter((k) => !k.asString().startsWith('/Helvetica-Bold-'));
    const objects = [...new Set(ours.map((k) => (dict.get(k) as PDFRef).toString()))].map((ref) => doc.context.lookup(PDFRef.of(Number(ref.split(' ')[0]))) as PDFDict);
    assert.equal(objects.length, 1, 'one face (Noto Sans) for Latin and Cyrillic');
    for (const font of objects) {
      assert.match(String(font.get(PDFName.of('BaseFont'))), /NotoSans/);
      const descendant = doc.context.lookup((font.get(PDFName.of('DescendantFonts')) as PDFArray).get(0)) as PDFDict;
      const descriptor = doc.context.lookup(descendant.get(PDFName.of('FontDescriptor'))) as PDFDict;
      assert.ok(descriptor.get(PDFName.of('FontFile2')), 'the TrueType program is embedded');
    }
  });

  it('refuses a PDF that is not exactly two pages', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([mm(210), mm(148)]);
    await assert.rejects(composePostcardProof(Buffer.from(await doc.save()), RECIPIENT, RETURN_ADDRESS), /2-page PDF.*got 1/);
  });

  it('prints the country only for mail abroad', () => {
    assert.deepEqual(recipientLines(RECIPIENT, 'AU').at(-1), 'PERTH WA 6000');
    assert.deepEqual(recipientLines({ ...RECIPIENT, address_country: 'NZ', address_state: '' }, 'AU').slice(-2), ['PERTH 6000', 'NEW ZEALAND']);
    assert.deepEqual(recipientLines({ ...RECIPIENT, address_country: 'GB', address_city: 'London', address_postal_code: 'sw1a 1aa' }, 'GB').slice(-2), ['LONDON', 'SW1A 1AA']);
  });
});
