import type { PDFDocument } from 'pdf-lib';
import { ApiError } from '../../../core/errors/index.js';

const REEXPORT = 'Export or save it again as PDF from the application that made it, and upload that.';

/** Why pdf-lib could not read a file, in words a user can act on. */
function unreadableReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const parse = /Failed to parse PDF document \(line:\d+ col:\d+ offset=(\d+)\)/.exec(message);
  if (parse) return `its content is damaged near byte ${parse[1]} (an object there cannot be parsed); the file may be truncated or corrupted`;
  if (/No PDF header found/i.test(message)) return 'it has no PDF header';
  // pdf-lib found no document catalogue (the trailer's /Root): nothing says where the pages are.
  if (/reading 'Pages'|Pages|Catalog|Root/.test(message)) return 'it has no readable document catalogue (the trailer /Root), so its pages cannot be found; the file is truncated or corrupted';
  return `it cannot be parsed (${message.slice(0, 160)})`;
}

/**
 * A PDF passes through unchanged only if it is readable and not encrypted: printers cannot open an
 * encrypted file, and a file pdf-lib cannot read will fail later at send time. The message says which.
 */
export async function checkPdf(bytes: Buffer): Promise<{ pages: number }> {
  // Loaded on the first PDF upload (about 0.1 s once), not at start-up.
  const { PDFDocument } = await import('pdf-lib');
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    if (err instanceof Error && /is encrypted/i.test(err.message)) {
      throw ApiError.badRequest(
        'The PDF is encrypted (it has a password or security restrictions such as "no printing"), so it cannot be printed. ' +
          'Save it again without a password or security settings, and upload that.',
      );
    }
    throw ApiError.badRequest(`The PDF cannot be read: ${unreadableReason(err)}. ${REEXPORT}`);
  }
  let pages: number;
  try {
    pages = doc.getPageCount();
    doc.getPages().forEach((page, i) => {
      const { width, height } = page.getSize();
      if (!(width > 0 && height > 0)) throw new Error(`page ${i + 1} has no usable size (${width} × ${height} pt)`);
    });
  } catch (err) {
    // pdf-lib loads leniently and may only fail here, when it follows the catalogue to the pages.
    const message = err instanceof Error ? err.message : String(err);
    const reason = /^page \d+ has no usable size/.test(message) ? `its page tree is broken (${message})` : unreadableReason(err);
    throw ApiError.badRequest(`The PDF cannot be read: ${reason}. ${REEXPORT}`);
  }
  if (pages === 0) throw ApiError.badRequest(`The PDF has no pages. ${REEXPORT}`);
  return { pages };
}
