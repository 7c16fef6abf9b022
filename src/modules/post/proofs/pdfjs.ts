import path from 'node:path';
import { createRequire } from 'node:module';
import type { DocumentInitParameters, PDFDocumentProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

// The legacy build is the one that runs on Node (the modern one expects browser globals).
let pdfjs: Promise<Pdfjs> | undefined;
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** pdfjs leaves out (draws nothing for) an image with more pixels than this; the preflight refuses such files instead. */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;

const packageDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const dir = (name: string) => path.join(packageDir, name) + path.sep;

/**
 * How every PDF is opened: with the package's standard font data (else the 14 standard fonts, when not embedded,
 * render as boxes), its CMaps (CJK text in non-embedded CID fonts), ICC profiles and WASM decoders (JPEG 2000);
 * without eval (fonts are compiled to JavaScript otherwise) and with a cap on image size against decompression bombs.
 */
export function documentParams(pdf: Uint8Array): DocumentInitParameters {
  return {
    // pdfjs may take ownership of the buffer it is given; the caller's stays intact.
    data: new Uint8Array(pdf),
    standardFontDataUrl: dir('standard_fonts'),
    cMapUrl: dir('cmaps'),
    cMapPacked: true,
    iccUrl: dir('iccs'),
    wasmUrl: dir('wasm'),
    isEvalSupported: false,
    maxImageSize: MAX_IMAGE_PIXELS,
    verbosity: 0,
  };
}

export async function openPdf(pdf: Uint8Array): Promise<PDFDocumentProxy> {
  const { getDocument } = await loadPdfjs();
  return getDocument(documentParams(pdf)).promise;
}

/** A run of text where a reader sees it: points, top-left origin of the page as displayed (crop box, rotation). */
export interface PositionedText {
  str: string;
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size as drawn. */
  size: number;
}

export interface PageText {
  width: number;
  height: number;
  items: PositionedText[];
}

/** The text of one page (1-based) with positions. The whole parse runs on the calling thread. */
export async function readPageText(pdf: Uint8Array, pageNumber: number): Promise<PageText> {
  const { Util } = await loadPdfjs();
  const doc = await openPdf(pdf);
  try {
    if (pageNumber < 1 || pageNumber > doc.numPages) throw new RangeError(`page ${pageNumber} is not in a ${doc.numPages}-page PDF`);
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PositionedText[] = [];
    for (const item of content.items) {
      // Whitespace-only runs are pdfjs's own spacing guesses, not text anyone drew.
      if (!('str' in item) || item.str.trim().length === 0) continue;
      const t = Util.transform(viewport.transform, (item as TextItem).transform);
      items.push({ str: item.str, x: t[4], y: t[5], width: item.width, size: Math.hypot(t[2], t[3]) });
    }
    return { width: viewport.width, height: viewport.height, items };
  } finally {
    await doc.destroy();
  }
}
