import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { ApiError } from '../../../core/errors/index.js';
import { encryptedPdfFixture, headerOnlyPdfFixture, pdfFixture, truncatedPdfFixture } from '../../../../test/helpers/uploads.js';
import { checkPdf } from './pdf-check.js';

async function refusal(bytes: Buffer): Promise<string> {
  try {
    await checkPdf(bytes);
  } catch (err) {
    assert.ok(err instanceof ApiError);
    assert.equal(err.httpCode, 400);
    return err.message;
  }
  assert.fail('the PDF was accepted');
}

describe('checkPdf', () => {
  it('accepts a readable PDF and counts its pages', async () => {
    assert.deepEqual(await checkPdf(await pdfFixture(2)), { pages: 2 });
  });

  it('says an encrypted PDF is encrypted', async () => {
    assert.match(await refusal(await encryptedPdfFixture()), /^The PDF is encrypted \(it has a password or security restrictions/);
  });

  it('says a truncated PDF cannot be read, and why', async () => {
    // Where the cut falls decides which part pdf-lib misses first: an object, or the catalogue.
    assert.match(await refusal(await truncatedPdfFixture()), /^The PDF cannot be read: (its content is damaged near byte \d+|it has no readable document catalogue)/);
  });

  it('says a PDF without a catalogue has no findable pages', async () => {
    assert.match(await refusal(headerOnlyPdfFixture()), /no readable document catalogue \(the trailer \/Root\)/);
  });

  it('says a PDF with no pages has no pages', async () => {
    const empty = Buffer.from(await (await PDFDocument.create()).save({ addDefaultPage: false }));
    assert.match(await refusal(empty), /^The PDF has no pages/);
  });
});
