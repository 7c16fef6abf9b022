import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ApiError } from '../../../core/errors/index.js';
import { describeSize } from './paper.js';
import { inspectPdf, inThreadPdfChecks } from './pdf-inspect.js';
import { preflightLetter, preflightPostcard, type SourceFile } from './preflight.js';

const PT = 72 / 25.4;

async function pdf(pages: Array<{ w: number; h: number; rotate?: number }>): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const p of pages) {
    const page = doc.addPage([p.w * PT, p.h * PT]);
    if (p.rotate) page.setRotation({ type: 'degrees', angle: p.rotate } as never);
  }
  return Buffer.from(await doc.save());
}

const source = (bytes: Buffer, n = 1): SourceFile => ({ field: `file_urls[${n - 1}]`, label: `file ${n} (https://example.com/${n}.pdf)`, url: `https://example.com/${n}.pdf`, bytes });

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.httpCode, 400);
    return err.message;
  }
  assert.fail('expected a refusal');
}

describe('postcard preflight rules', () => {
  it('accepts A5 within ±1 mm and refuses it beyond', async () => {
    await preflightPostcard(inThreadPdfChecks, [
      source(
        await pdf([
          { w: 210.9, h: 147.1 },
          { w: 209.1, h: 148.9 },
        ]),
      ),
    ]);
    const msg = await refusal(
      preflightPostcard(inThreadPdfChecks, [
        source(
          await pdf([
            { w: 211.5, h: 148 },
            { w: 210, h: 148 },
          ]),
        ),
      ]),
    );
    assert.match(msg, /^file 1 \(https:\/\/example\.com\/1\.pdf\) page 1 is 211\.5 × 148\.0 mm; postcards must be A5/);
  });

  it('judges a page as it is seen, after /Rotate', async () => {
    // A portrait page turned 90° shows landscape: still A5, and the same size as a landscape back.
    const r = await preflightPostcard(inThreadPdfChecks, [source(await pdf([{ w: 148, h: 210, rotate: 90 }])), source(await pdf([{ w: 210, h: 148 }]), 2)]);
    assert.equal(Math.round(r.front.widthMm), 210);
    assert.equal(Math.round(r.front.heightMm), 148);
    const merged = await PDFDocument.load(r.pdf);
    assert.equal(merged.getPageCount(), 2, 'two files merge into one 2-page PDF');
  });

  it('stores a single 2-page file as sent', async () => {
    const bytes = await pdf([
      { w: 210, h: 148 },
      { w: 210, h: 148 },
    ]);
    assert.equal((await preflightPostcard(inThreadPdfChecks, [source(bytes)])).pdf, bytes);
  });

  it('finds fonts that are not embedded, also inside form XObjects, and names their pages', async () => {
    const inner = await PDFDocument.create();
    const font = await inner.embedFont(StandardFonts.TimesRoman);
    inner.addPage([100, 100]).drawText('form text', { font, size: 10, x: 5, y: 50 });
    const doc = await PDFDocument.create();
    const [form] = await doc.embedPdf(await inner.save());
    doc.addPage([210 * PT, 148 * PT]);
    doc.addPage([210 * PT, 148 * PT]).drawPage(form!, { x: 10, y: 10 });
    const found = await inspectPdf(await doc.save());
    assert.deepEqual(found.unembeddedFonts, [{ name: 'Times-Roman', pages: [2] }]);
    const r = await preflightPostcard(inThreadPdfChecks, [source(Buffer.from(await doc.save()))]);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /uses fonts that are not embedded: Times-Roman \(page 2\)/);
  });
});

describe('letter preflight rules', () => {
  it('accepts any number of A4 portrait pages and refuses a landscape one, naming it', async () => {
    assert.equal(
      (
        await preflightLetter(
          inThreadPdfChecks,
          source(
            await pdf([
              { w: 210, h: 297 },
              { w: 210, h: 297 },
              { w: 210.5, h: 296.5 },
            ]),
          ),
          { duplex: false },
        )
      ).pages,
      3,
    );
    const msg = await refusal(
      preflightLetter(
        inThreadPdfChecks,
        source(
          await pdf([
            { w: 210, h: 297 },
            { w: 297, h: 210 },
          ]),
        ),
        { duplex: false },
      ),
    );
    assert.equal(msg, 'file 1 (https://example.com/1.pdf) page 2 is 297.0 × 210.0 mm (A4 landscape); letters must be A4 portrait: 210 × 297 mm, ±1 mm.');
  });
});

describe('describeSize', () => {
  it('names common sizes and orientation', () => {
    assert.equal(describeSize({ widthMm: 215.9, heightMm: 279.4 }), '215.9 × 279.4 mm (US Letter)');
    assert.equal(describeSize({ widthMm: 148, heightMm: 105 }), '148.0 × 105.0 mm (A6 landscape)');
    assert.equal(describeSize({ widthMm: 123, heightMm: 45 }), '123.0 × 45.0 mm');
  });
});
