import { createHash } from 'node:crypto';
import type { RenderParameters } from 'pdfjs-dist/types/src/display/api.js';
import { postcardAddressPanel } from './geometry.js';
import { openPdf } from './pdfjs.js';

/**
 * How finely the back is looked at: 1 px ≈ 1.4 mm, so the 100 × 55 mm zone is ~70 × 38 px. Enough to see a line
 * of 8 pt text or a promo code, small enough that a page renders in a few milliseconds.
 */
export const INK_DPI = 18;

/**
 * A pixel is ink when one of its channels is darker than this (0–255): paper tints such as ivory or recycled
 * grey (~240 and up) are paper, not artwork; a pale yellow wash or a line of body text at this resolution is ink.
 */
export const INK_LEVEL = 232;

/** How much of the address zone has ink on it, 0–1, and the page size the zone was placed on. */
export interface PanelInk {
  share: number;
  /** The zone as placed on this page, in px of the render (for tests and messages). */
  zonePx: { x: number; y: number; width: number; height: number };
}

// Everything a request shares is checked once per file: the same back sent again (a campaign in batches) is
// not rendered again. Keyed by the bytes' digest and page; bounded, oldest dropped first.
const CACHE_SIZE = 64;
const cache = new Map<string, PanelInk>();

/**
 * The share of the postcard back's address zone (geometry.ts postcardAddressPanel: bottom right, 5 mm inside the
 * trim) that carries artwork, from a render of page `pageNumber` at INK_DPI. Runs on the calling thread: the
 * server calls it in the post worker threads. Only pixels wholly inside the zone count, so artwork that stops at
 * its edge does not count through anti-aliasing.
 */
export async function inkUnderPanel(pdf: Uint8Array, pageNumber: number): Promise<PanelInk> {
  const key = `${createHash('sha256').update(pdf).digest('hex')}:${pageNumber}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const found = await measure(pdf, pageNumber);
  cache.set(key, found);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return found;
}

async function measure(pdf: Uint8Array, pageNumber: number): Promise<PanelInk> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const doc = await openPdf(pdf);
  try {
    if (pageNumber < 1 || pageNumber > doc.numPages) throw new RangeError(`page ${pageNumber} is not in a ${doc.numPages}-page PDF`);
    const page = await doc.getPage(pageNumber);
    const natural = page.getViewport({ scale: 1 });
    const scale = INK_DPI / 72;
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
    // The print intent, as the press sees it; pdfjs paints the page white first, so unpainted paper is white.
    await page.render({ canvas: canvas as unknown as RenderParameters['canvas'], viewport, intent: 'print' }).promise;
    page.cleanup();
    // The zone in the page as seen (crop box, rotation): the same frame the render's viewport draws.
    const { panel } = postcardAddressPanel(natural.width, natural.height);
    const x0 = Math.ceil(panel.x * scale);
    const y0 = Math.ceil(panel.y * scale);
    const x1 = Math.min(canvas.width, Math.floor((panel.x + panel.width) * scale));
    const y1 = Math.min(canvas.height, Math.floor((panel.y + panel.height) * scale));
    const zonePx = { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
    if (zonePx.width === 0 || zonePx.height === 0) return { share: 0, zonePx };
    const px = canvas.getContext('2d').getImageData(x0, y0, zonePx.width, zonePx.height).data;
    let inked = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i]! < INK_LEVEL || px[i + 1]! < INK_LEVEL || px[i + 2]! < INK_LEVEL) inked++;
    }
    return { share: inked / (zonePx.width * zonePx.height), zonePx };
  } finally {
    await doc.destroy();
  }
}
