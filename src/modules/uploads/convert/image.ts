import { createCanvas, loadImage } from '@napi-rs/canvas';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  type PDFImage,
} from 'pdf-lib';
import { ApiError } from '../../../core/errors/index.js';
import type { ImageInfo, ImageKind } from '../detect.js';

const MM = 72 / 25.4;
/** Page sizes in points, portrait (width, height). */
export const A4: readonly [number, number] = [210 * MM, 297 * MM];
export const A5: readonly [number, number] = [148 * MM, 210 * MM];

/**
 * Decoded images above this many pixels are refused: a 10 MB PNG can hold a multi-gigabyte bitmap, and
 * pdf-lib decodes and re-compresses PNGs in JavaScript on the event loop (about 0.1–0.5 µs per pixel).
 * 25 million is nearly three times an A4 page at 300 dpi.
 */
export const MAX_PIXELS = 25_000_000;

export type PageTarget = 'letter' | 'postcard';

/**
 * Where the unit square of the stored image goes, per EXIF orientation, in the displayed image's
 * unit square (y up): X = a·u + c·v + e, Y = b·u + d·v + f. 5–8 swap width and height.
 */
const ORIENTATION: Record<number, readonly [number, number, number, number, number, number]> = {
  1: [1, 0, 0, 1, 0, 0],
  2: [-1, 0, 0, 1, 1, 0],
  3: [-1, 0, 0, -1, 1, 1],
  4: [1, 0, 0, -1, 0, 1],
  5: [0, -1, -1, 0, 1, 1],
  6: [0, -1, 1, 0, 0, 1],
  7: [0, 1, 1, 0, 0, 0],
  8: [0, 1, -1, 0, 1, 0],
};

/** The page an image goes on: A4 portrait for letters; A5 for postcards, landscape unless the image is portrait. */
export function pageFor(target: PageTarget, shown: { width: number; height: number }): [number, number] {
  if (target === 'letter') return [A4[0], A4[1]];
  return shown.height > shown.width ? [A5[0], A5[1]] : [A5[1], A5[0]];
}

async function viaCanvas(kind: ImageKind, bytes: Buffer): Promise<Buffer> {
  try {
    const img = await loadImage(bytes);
    const canvas = createCanvas(img.width, img.height);
    canvas.getContext('2d').drawImage(img, 0, 0);
    return await canvas.encode('png');
  } catch (err) {
    throw ApiError.badRequest(`The ${kind.toUpperCase()} image cannot be decoded (${err instanceof Error ? err.message : String(err)}); the file may be damaged.`);
  }
}

/**
 * pdf-lib's JPEG reader views `bytes.buffer` from offset 0, ignoring byteOffset; Node Buffers are often
 * views into a shared pool, so it would read someone else's bytes. A copy owns its ArrayBuffer.
 */
const ownBuffer = (bytes: Buffer) => new Uint8Array(bytes);

async function embed(doc: PDFDocument, kind: ImageKind, bytes: Buffer): Promise<PDFImage> {
  if (kind === 'jpg') {
    try {
      return await doc.embedJpg(ownBuffer(bytes));
    } catch (err) {
      throw ApiError.badRequest(`The JPEG image cannot be read (${err instanceof Error ? err.message : String(err)}); the file may be damaged.`);
    }
  }
  if (kind === 'png') {
    try {
      return await doc.embedPng(ownBuffer(bytes));
    } catch {
      // pdf-lib's PNG reader misses some valid variants; Skia's decoder is broader, so try once more through it.
    }
  }
  // pdf-lib embeds only PNG and JPEG: GIF and BMP (and odd PNGs) are decoded and re-encoded as PNG.
  return doc.embedPng(ownBuffer(await viaCanvas(kind, bytes)));
}

/**
 * One page of the target size with the image scaled to fit without distortion and centred, turned
 * upright according to its EXIF orientation (phone photos are often stored sideways).
 */
export async function imageToPdf(kind: ImageKind, bytes: Buffer, info: ImageInfo, target: PageTarget): Promise<Buffer> {
  if (info.width < 1 || info.height < 1) throw ApiError.badRequest(`The ${kind.toUpperCase()} image has no pixels (${info.width} × ${info.height}).`);
  if (kind !== 'jpg' && info.width * info.height > MAX_PIXELS) {
    throw ApiError.badRequest(
      `The ${kind.toUpperCase()} image is ${info.width} × ${info.height} pixels; images of at most ${MAX_PIXELS / 1_000_000} million pixels are accepted ` +
        '(an A4 page at 300 dpi needs under 9 million). Scale it down and upload again.',
    );
  }
  const sideways = info.orientation >= 5;
  const shown = sideways ? { width: info.height, height: info.width } : { width: info.width, height: info.height };
  const [pageW, pageH] = pageFor(target, shown);
  const scale = Math.min(pageW / shown.width, pageH / shown.height);
  const w = shown.width * scale;
  const h = shown.height * scale;
  const x = (pageW - w) / 2;
  const y = (pageH - h) / 2;

  const doc = await PDFDocument.create();
  const image = await embed(doc, kind, bytes);
  const page = doc.addPage([pageW, pageH]);
  const name = page.node.newXObject('Image', image.ref);
  const [a, b, c, d, e, f] = ORIENTATION[info.orientation] ?? ORIENTATION[1]!;
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w * a, h * b, w * c, h * d, x + w * e, y + h * f), drawObject(name), popGraphicsState());
  return Buffer.from(await doc.save());
}
