import { EncryptedPDFError, ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFPage } from 'pdf-lib';
import { MM_PER_PT, type PageSize } from './paper.js';

/** Why a file cannot be read as a PDF; the message completes "file 2 (<url>) …". */
export class PdfProblem extends Error {}

export interface InspectedPdf {
  doc: PDFDocument;
  /** Each page as a viewer shows it: crop box, turned by /Rotate. */
  pages: PageSize[];
  /** Fonts drawn without their glyphs in the file, with the 1-based pages that use them. */
  unembeddedFonts: Array<{ name: string; pages: number[] }>;
}

/** Reads a PDF for the preflight: readable, not encrypted, at least one page; sizes and unembedded fonts. */
export async function inspectPdf(bytes: Uint8Array): Promise<InspectedPdf> {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    const start = Buffer.from(bytes.subarray(0, 24)).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
    throw new PdfProblem(`is not a PDF: it starts with "${start}" instead of %PDF-`);
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, throwOnInvalidObject: true });
  } catch (err) {
    // pdf-lib's errors are ES5 classes, so instanceof does not see them; its message is stable.
    if (err instanceof EncryptedPDFError || /is encrypted/.test(String((err as Error)?.message))) throw new PdfProblem('is encrypted (password-protected or restricted); send an unencrypted PDF');
    // pdf-lib's own parse errors say what is wrong; a JavaScript TypeError from deep inside it would not.
    const why = err instanceof TypeError || !(err instanceof Error) ? 'it is damaged' : err.message.split('\n')[0];
    throw new PdfProblem(`cannot be read as a PDF (${why})`);
  }
  let pages: PDFPage[];
  try {
    pages = doc.getPages();
  } catch {
    throw new PdfProblem('cannot be read as a PDF (its page tree is missing or damaged)');
  }
  if (pages.length === 0) throw new PdfProblem('has no pages');
  return { doc, pages: pages.map(visibleSize), unembeddedFonts: unembeddedFonts(doc, pages) };
}

function visibleSize(page: PDFPage): PageSize {
  const box = page.getCropBox();
  const angle = ((Math.round(page.getRotation().angle / 90) * 90) % 360 + 360) % 360;
  const [w, h] = angle % 180 === 0 ? [box.width, box.height] : [box.height, box.width];
  return { widthMm: Math.abs(w) * MM_PER_PT, heightMm: Math.abs(h) * MM_PER_PT };
}

/** Walks each page's fonts (and those of the forms it draws) for descriptors without a font file. */
function unembeddedFonts(doc: PDFDocument, pages: PDFPage[]): InspectedPdf['unembeddedFonts'] {
  const found = new Map<string, Set<number>>();
  const ctx = doc.context;
  const seenFonts = new Map<string, string | null>();
  pages.forEach((page, i) => {
    const seenResources = new Set<unknown>();
    const visit = (resources: PDFDict | undefined, depth: number) => {
      if (!resources || seenResources.has(resources) || depth > 8) return;
      seenResources.add(resources);
      const fonts = ctx.lookupMaybe(resources.get(PDFName.of('Font')), PDFDict);
      for (const [, ref] of fonts?.entries() ?? []) {
        const key = ref instanceof PDFRef ? ref.toString() : undefined;
        let missing = key !== undefined ? seenFonts.get(key) : undefined;
        if (missing === undefined) {
          missing = missingFontName(doc, ctx.lookupMaybe(ref, PDFDict));
          if (key !== undefined) seenFonts.set(key, missing);
        }
        if (missing) found.set(missing, (found.get(missing) ?? new Set()).add(i + 1));
      }
      const xobjects = ctx.lookupMaybe(resources.get(PDFName.of('XObject')), PDFDict);
      for (const [, ref] of xobjects?.entries() ?? []) {
        const x = ctx.lookupMaybe(ref, PDFStream);
        if (x?.dict.get(PDFName.of('Subtype')) === PDFName.of('Form')) visit(ctx.lookupMaybe(x.dict.get(PDFName.of('Resources')), PDFDict), depth + 1);
      }
    };
    visit(page.node.Resources(), 0);
  });
  return [...found].map(([name, onPages]) => ({ name, pages: [...onPages].sort((a, b) => a - b) }));
}

/** The font's name when its glyphs are not in the file, else null. Type 3 fonts are drawn by the file itself. */
function missingFontName(doc: PDFDocument, font: PDFDict | undefined): string | null {
  if (!font) return null;
  const ctx = doc.context;
  const subtype = font.get(PDFName.of('Subtype'));
  if (subtype === PDFName.of('Type3')) return null;
  let descriptorHolder: PDFDict | undefined = font;
  if (subtype === PDFName.of('Type0')) {
    const descendants = ctx.lookupMaybe(font.get(PDFName.of('DescendantFonts')), PDFArray);
    descriptorHolder = descendants && descendants.size() > 0 ? ctx.lookupMaybe(descendants.get(0), PDFDict) : undefined;
  }
  const descriptor = descriptorHolder ? ctx.lookupMaybe(descriptorHolder.get(PDFName.of('FontDescriptor')), PDFDict) : undefined;
  const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.get(PDFName.of(k)) !== undefined);
  if (embedded) return null;
  const base = font.get(PDFName.of('BaseFont'));
  return base instanceof PDFName ? base.decodeText() : 'an unnamed font';
}
