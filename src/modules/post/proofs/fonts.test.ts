// test-tier: slow (subsets CJK fonts and renders proofs in worker threads)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { AddressFonts, SYSTEM_FONT_FILES } from './fonts.js';
import { ProofRenderer } from './renderer.js';
import { darkPixels } from './test-fixtures.js';

const cjk = SYSTEM_FONT_FILES.find((f) => f.endsWith('.ttc') && fs.existsSync(f));
const latin = SYSTEM_FONT_FILES.find((f) => f.endsWith('.ttf') && fs.existsSync(f));

describe('AddressFonts', () => {
  it('keeps Helvetica for text WinAnsi can carry, accents included', async () => {
    const doc = await PDFDocument.create();
    const fonts = await AddressFonts.create(doc);
    const picked = await fonts.pick('Zoë Müller, 12 Rue de l’Église');
    assert.equal(picked.font.name, 'Helvetica');
    assert.deepEqual(picked.replaced, []);
  });

  it('embeds a Unicode font for Cyrillic, and the CJK face for Japanese', { skip: !(cjk && latin) && 'system fonts missing' }, async () => {
    const doc = await PDFDocument.create();
    const fonts = await AddressFonts.create(doc, { country: 'JP' });
    const cyrillic = await fonts.pick('Жанна');
    assert.notEqual(cyrillic.font.name, 'Helvetica');
    const japanese = await fonts.pick('東京都千代田区');
    assert.match(japanese.font.name, /NotoSansCJKjp/);
    assert.equal(japanese.text, '東京都千代田区');
  });

  it('replaces what no font can draw (an emoji) and reports it', async () => {
    const doc = await PDFDocument.create();
    const fonts = await AddressFonts.create(doc, { files: [] });
    const picked = await fonts.pick('Jane 😀 Citizen');
    assert.equal(picked.text, 'Jane ? Citizen');
    assert.deepEqual(picked.replaced, ['😀']);
  });
});

describe('CJK font subsetting', { skip: !cjk && 'no CJK font installed' }, () => {
  const renderer = new ProofRenderer();
  before(() => renderer.start());
  after(() => renderer.stop());

  /**
   * A page with "abc Citizen" on a line of its own, drawn with the CJK face; optionally "Ж 東京" first, so the
   * subset meets the Latin/Cyrillic dictionary, then the ideographs' one, then the first one again.
   */
  async function page(withCjkFirst: boolean): Promise<Buffer> {
    const doc = await PDFDocument.create();
    const fonts = await AddressFonts.create(doc, { country: 'JP' });
    const { font } = await fonts.pick('東京');
    const p = doc.addPage([400, 200]);
    if (withCjkFirst) p.drawText('Ж 東京', { x: 20, y: 150, size: 30, font });
    p.drawText('abc Citizen', { x: 20, y: 60, size: 30, font });
    return Buffer.from(await doc.save());
  }

  it('prints Latin letters used after CJK ones exactly as when they are alone (glyphs keep their own font dictionary)', async () => {
    const line = { x: 0, y: 100 * (100 / 72), width: 400 * (100 / 72), height: 100 * (100 / 72) };
    const [mixed] = await renderer.renderThumbnails(await page(true));
    const [alone] = await renderer.renderThumbnails(await page(false));
    const reference = await darkPixels(alone!, line);
    assert.ok(reference > 500, 'the reference line is printed');
    assert.equal(await darkPixels(mixed!, line), reference);
  });
});
