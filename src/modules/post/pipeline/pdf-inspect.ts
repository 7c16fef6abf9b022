import { EncryptedPDFError, ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFStream, type PDFPage } from 'pdf-lib';
import { inkUnderPanel } from '../proofs/ink.js';
import { MAX_IMAGE_PIXELS } from '../proofs/pdfjs.js';
import { countPageObjects } from './page-count.js';
import { MM_PER_PT, type PageSize } from './paper.js';
import { PdfProblem } from './pdf-problem.js';

export { PdfProblem };

export interface InspectedPdf {
  doc: PDFDocument;
  /** Each page as a viewer shows it: crop box, turned by /Rotate. */
  pages: PageSize[];
  /** Fonts drawn without their glyphs in the file, with the 1-based pages that use them. */
  unembeddedFonts: Array<{ name: string; pages: number[] }>;
  /** Images the renderer cannot draw (above MAX_IMAGE_PIXELS), with the first page that shows each. */
  largeImages: LargeImage[];
}

export interface LargeImage {
  page: number;
  width: number;
  height: number;
}

/** What the preflight learns about a file, as plain data a worker thread can send back. */
export type PdfInspection =
  | { kind: 'ok'; pages: PageSize[]; unembeddedFonts: InspectedPdf['unembeddedFonts']; largeImages: LargeImage[] }
  /** More pages than allowed: `pages` counted by parsing, or (`estimated`) page objects found before parsing. */
  | { kind: 'too-many-pages'; pages: number; estimated: boolean };

/** Reads a PDF for the preflight: readable, not encrypted, at least one page; sizes, unembedded fonts and oversized images. */
export async function inspectPdf(bytes: Uint8Array): Promise<InspectedPdf> {
  const { doc, pages } = await loadPages(bytes);
  return { doc, pages: pages.map(visibleSize), ...walkResources(doc, pages) };
}

/**
 * The preflight's check of one file, meant for a worker thread: refuses a file with more than maxPages pages
 * before the expensive parts (a page-object scan first, so a 100,000-page file is not even parsed when it is plain).
 */
export async function inspectPdfFacts(bytes: Uint8Array, opts: { maxPages: number }): Promise<PdfInspection> {
  const estimate = countPageObjects(bytes);
  // Old versions of pages (incremental updates) are counted too, hence the margin before trusting the scan alone.
  if (estimate > opts.maxPages * 4 + 100) return { kind: 'too-many-pages', pages: estimate, estimated: true };
  const { doc, pages } = await loadPages(bytes);
  if (pages.length > opts.maxPages) return { kind: 'too-many-pages', pages: pages.length, estimated: false };
  return { kind: 'ok', pages: pages.map(visibleSize), ...walkResources(doc, pages) };
}

/** Two one-page files (front, back) as one 2-page PDF. */
export async function mergeFaces(pdfs: readonly Uint8Array[]): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const bytes of pdfs) {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    const [page] = await out.copyPages(doc, [0]);
    out.addPage(page!);
  }
  return out.save();
}

/** The same checks on the calling thread: for unit tests and tools, never for a request (use the worker pool). */
export const inThreadPdfChecks = {
  inspectPdf: (pdf: Buffer, opts: { maxPages: number }) => inspectPdfFacts(pdf, opts),
  mergeFaces: async (pdfs: Buffer[]) => Buffer.from(await mergeFaces(pdfs)),
  inkUnderPanel: (pdf: Buffer, opts: { page: number }) => inkUnderPanel(pdf, opts.page),
};

async function loadPages(bytes: Uint8Array): Promise<{ doc: PDFDocument; pages: PDFPage[] }> {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    const start = Buffer.from(bytes.subarray(0, 24))
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.');
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
  return { doc, pages };
}

function visibleSize(page: PDFPage): PageSize {
  const box = page.getCropBox();
  const angle = (((Math.round(page.getRotation().angle / 90) * 90) % 360) + 360) % 360;
  const [w, h] = angle % 180 === 0 ? [box.width, box.height] : [box.height, box.width];
  return { widthMm: Math.abs(w) * MM_PER_PT, heightMm: Math.abs(h) * MM_PER_PT };
}

/** Walks each page's resources (and those of the forms it draws) for fonts without a font file and oversized images. */
function walkResources(doc: PDFDocument, pages: PDFPage[]): Pick<InspectedPdf, 'unembeddedFonts' | 'largeImages'> {
  const found = new Map<string, Set<number>>();
  const largeImages = new Map<PDFStream, LargeImage>();
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
        const subtype = x?.dict.get(PDFName.of('Subtype'));
        if (subtype === PDFName.of('Form')) visit(ctx.lookupMaybe(x!.dict.get(PDFName.of('Resources')), PDFDict), depth + 1);
        if (subtype === PDFName.of('Image') && !largeImages.has(x!)) {
          const width = numberIn(ctx.lookup(x!.dict.get(PDFName.of('Width'))));
          const height = numberIn(ctx.lookup(x!.dict.get(PDFName.of('Height'))));
          if (width * height > MAX_IMAGE_PIXELS) largeImages.set(x!, { page: i + 1, width, height });
        }
      }
    };
    visit(page.node.Resources(), 0);
  });
  return {
    unembeddedFonts: [...found].map(([name, onPages]) => ({ name, pages: [...onPages].sort((a, b) => a - b) })),
    largeImages: [...largeImages.values()],
  };
}

const numberIn = (v: unknown) => (v instanceof PDFNumber ? v.asNumber() : 0);

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
