import type { RenderParameters } from 'pdfjs-dist/types/src/display/api.js';
import { openPdf } from './pdfjs.js';

export interface ThumbnailOptions {
  /** Resolution; 100 by default (an A5 card is then 827 × 583 px, its 9 pt text 12 px tall). */
  dpi?: number;
  /** Or a fixed width in pixels for every page, height to scale; wins over dpi. */
  width?: number;
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
    const out: Buffer[] = [];
    for (const number of pages) {
      const page = await doc.getPage(number);
      const natural = page.getViewport({ scale: 1 });
      let scale = opts.width !== undefined ? opts.width / natural.width : (opts.dpi ?? DEFAULT_DPI) / 72;
      // A page of absurd size must not take the process's memory with it.
      const pixels = natural.width * natural.height * scale * scale;
      if (pixels > MAX_PIXELS) scale *= Math.sqrt(MAX_PIXELS / pixels);
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
      // The print intent shows what the press will: print-visible annotations and layers only.
      await page.render({ canvas: canvas as unknown as RenderParameters['canvas'], viewport, intent: 'print' }).promise;
      // encodeSync, not encode(): the async encoder can outlive the canvas and crash skia (napi-rs/canvas
      // issue 1312). This already runs in a worker thread, so blocking here blocks no request.
      out.push(canvas.encodeSync('png'));
      page.cleanup();
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
