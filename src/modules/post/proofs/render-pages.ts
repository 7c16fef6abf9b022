import type { RenderParameters } from 'pdfjs-dist/types/src/display/api.js';
import { openPdf } from './pdfjs.js';

export interface ThumbnailOptions {
  /** Resolution; 100 by default (an A5 card is then 827 × 583 px, its 9 pt text 12 px tall). */
  dpi?: number;
  /** Or a fixed width in pixels for every page, height to scale; wins over dpi. */
  width?: number;
  /** Or a fixed size in pixels of the long side of what is shown (the trim with `trim`); wins over width and dpi. */
  longSide?: number;
  /** Show the TrimBox only (the card as the recipient holds it, bleed cut off) instead of the whole page. */
  trim?: boolean;
  /**
   * Also a second, smaller PNG of each page with this long side, scaled down from the first (not rendered again);
   * the result then holds two PNGs per page: [page 1, page 1 small, page 2, page 2 small, …].
   */
  smallLongSide?: number;
  /** 1-based page numbers; every page by default. */
  pages?: number[];
}

export const DEFAULT_DPI = 100;
const MAX_PIXELS = 40_000_000;

/** Checks options before any work is queued, so a bad call fails at once with a message that says why. */
export function checkThumbnailOptions(opts: ThumbnailOptions) {
  if (opts.dpi !== undefined && !(Number.isFinite(opts.dpi) && opts.dpi >= 10 && opts.dpi <= 600)) throw new RangeError(`dpi must be between 10 and 600, got ${opts.dpi}`);
  if (opts.width !== undefined && !(Number.isInteger(opts.width) && opts.width >= 16 && opts.width <= 8000))
    throw new RangeError(`width must be a whole number of pixels between 16 and 8000, got ${opts.width}`);
  for (const key of ['longSide', 'smallLongSide'] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 16 && v <= 8000)) throw new RangeError(`${key} must be a whole number of pixels between 16 and 8000, got ${v}`);
  }
  if (opts.pages !== undefined && !opts.pages.every((p) => Number.isInteger(p) && p >= 1)) throw new RangeError(`pages must be 1-based page numbers, got ${JSON.stringify(opts.pages)}`);
}

/** Renders pages to PNG on the calling thread (ProofRenderer runs this inside its worker threads). */
export async function renderPages(pdf: Uint8Array, opts: ThumbnailOptions = {}): Promise<Buffer[]> {
  checkThumbnailOptions(opts);
  // Loaded here, not at the top: this file's DEFAULT_DPI is read at start-up, the canvas only in the render threads.
  const { createCanvas } = await import('@napi-rs/canvas');
  const doc = await openPdf(pdf);
  try {
    const pages = opts.pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1);
    const missing = pages.filter((p) => p > doc.numPages);
    if (missing.length > 0) throw new RangeError(`page ${missing.join(', ')} is not in a ${doc.numPages}-page PDF`);
    const trims = opts.trim ? await trimBoxes(pdf, pages) : undefined;
    const out: Buffer[] = [];
    for (const [i, number] of pages.entries()) {
      const page = await doc.getPage(number);
      const natural = page.getViewport({ scale: 1 });
      // What is shown, in the unscaled viewport's pixels: the whole page, or its trim.
      const shown = trims ? viewportRect(natural, trims[i]!) : { left: 0, top: 0, width: natural.width, height: natural.height };
      let scale = opts.longSide !== undefined ? opts.longSide / Math.max(shown.width, shown.height) : opts.width !== undefined ? opts.width / shown.width : (opts.dpi ?? DEFAULT_DPI) / 72;
      // A page of absurd size must not take the process's memory with it.
      const pixels = shown.width * shown.height * scale * scale;
      if (pixels > MAX_PIXELS) scale *= Math.sqrt(MAX_PIXELS / pixels);
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.max(1, Math.round(shown.width * scale)), Math.max(1, Math.round(shown.height * scale)));
      // The print intent shows what the press will: print-visible annotations and layers only. The transform
      // moves the trim's top-left corner to the canvas origin; the bleed falls outside the canvas.
      const transform = [1, 0, 0, 1, -shown.left * scale, -shown.top * scale];
      await page.render({ canvas: canvas as unknown as RenderParameters['canvas'], viewport, intent: 'print', transform }).promise;
      // encodeSync, not encode(): the async encoder can outlive the canvas and crash skia (napi-rs/canvas
      // issue 1312). This already runs in a worker thread, so blocking here blocks no request.
      out.push(canvas.encodeSync('png'));
      if (opts.smallLongSide !== undefined) {
        // Sized from the shown box, not the rounded canvas, so both sizes keep the trim's aspect ratio.
        const k = opts.smallLongSide / Math.max(shown.width, shown.height);
        const small = createCanvas(Math.max(1, Math.round(shown.width * k)), Math.max(1, Math.round(shown.height * k)));
        const ctx = small.getContext('2d');
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(canvas, 0, 0, small.width, small.height);
        out.push(small.encodeSync('png'));
      }
      page.cleanup();
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

type Viewport = ReturnType<Awaited<ReturnType<Awaited<ReturnType<typeof openPdf>>['getPage']>>['getViewport']>;

/** A box in PDF user space as a rect of the viewport (rotation applied), top-left origin. */
function viewportRect(viewport: Viewport, box: { x: number; y: number; width: number; height: number }) {
  const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([box.x, box.y, box.x + box.width, box.y + box.height]) as [number, number, number, number];
  return { left: Math.min(x1, x2), top: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}

/** The TrimBox of each page (pdf-lib falls back to the CropBox, then the MediaBox): pdfjs does not expose it. */
async function trimBoxes(pdf: Uint8Array, pages: readonly number[]) {
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  return pages.map((n) => doc.getPage(n - 1).getTrimBox());
}
