import zlib from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { clip, concatTransformationMatrix, drawObject, endPath, PDFDocument, PDFHexString, popGraphicsState, pushGraphicsState, rectangle, type PDFRef } from 'pdf-lib';
import { ApiError } from '../../../core/errors/index.js';
import type { ImageInfo, ImageKind } from '../detect.js';
import { pngStream, pngStreamIsSound } from './png-stream.js';
import { checkPixels, MAX_PIXELS } from './pixels.js';

export { checkPixels, MAX_PIXELS };

const MM = 72 / 25.4;
/** Page sizes in points, portrait (width, height). */
export const A4: readonly [number, number] = [210 * MM, 297 * MM];
export const A5: readonly [number, number] = [148 * MM, 210 * MM];
/** The bleed every side of a postcard made from an image: what the press trims off, so the picture runs to the edge. */
export const POSTCARD_BLEED_MM = 3;
/** A5 plus the bleed, portrait: 154 × 216 mm. */
export const A5_BLEED: readonly [number, number] = [A5[0] + 2 * POSTCARD_BLEED_MM * MM, A5[1] + 2 * POSTCARD_BLEED_MM * MM];

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

/**
 * The page an image goes on: A4 portrait for letters; for postcards A5 with a 3 mm bleed (216 × 154 mm), landscape
 * unless the image is portrait. Postcards print either way round, and a portrait photo on a landscape card
 * would lose half of itself to the crop.
 */
export function pageFor(target: PageTarget, shown: { width: number; height: number }): [number, number] {
  if (target === 'letter') return [A4[0], A4[1]];
  return shown.height > shown.width ? [A5_BLEED[0], A5_BLEED[1]] : [A5_BLEED[1], A5_BLEED[0]];
}

/** An image XObject's pixels as PDF takes them: a FlateDecode stream of PNG-predicted scanlines. */
interface FlateImage {
  width: number;
  height: number;
  bitsPerComponent: number;
  colors: 1 | 3;
  palette?: Buffer;
  data: Uint8Array;
}

/** Rows read back from the canvas at a time: a band of a 5000-pixel-wide image is 5 MB, not the whole bitmap again. */
const BAND_ROWS = 256;

/**
 * Decodes with Skia (native) and flattens onto white: print has no transparency, and white is the paper. The pixels
 * come back as RGB scanlines with PNG's "Sub" filter, which deflate far smaller than raw samples on smooth images.
 */
async function decodeFlattened(kind: ImageKind, bytes: Buffer): Promise<FlateImage> {
  let img: Awaited<ReturnType<typeof loadImage>>;
  try {
    img = await loadImage(bytes);
  } catch (err) {
    throw ApiError.badRequest(`The ${kind.toUpperCase()} image cannot be decoded (${err instanceof Error ? err.message : String(err)}); the file may be damaged.`);
  }
  const { width, height } = img;
  if (width < 1 || height < 1) throw ApiError.badRequest(`The ${kind.toUpperCase()} image cannot be decoded; the file may be damaged.`);
  checkPixels(kind, { width, height, orientation: 1 }); // the header check ran on what the file claims; this is what it holds
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(img, 0, 0);
  const stride = width * 3 + 1;
  const rows = Buffer.allocUnsafe(stride * height);
  for (let y0 = 0; y0 < height; y0 += BAND_ROWS) {
    const band = Math.min(BAND_ROWS, height - y0);
    const px = ctx.getImageData(0, y0, width, band).data;
    for (let r = 0; r < band; r++) {
      let o = (y0 + r) * stride;
      rows[o++] = 1; // Sub
      let i = r * width * 4;
      let pr = 0;
      let pg = 0;
      let pb = 0;
      for (let x = 0; x < width; x++, i += 4) {
        const red = px[i]!;
        const green = px[i + 1]!;
        const blue = px[i + 2]!;
        rows[o++] = (red - pr) & 0xff;
        rows[o++] = (green - pg) & 0xff;
        rows[o++] = (blue - pb) & 0xff;
        pr = red;
        pg = green;
        pb = blue;
      }
    }
  }
  return { width, height, bitsPerComponent: 8, colors: 3, data: zlib.deflateSync(rows) };
}

async function flateImage(kind: 'png' | 'gif' | 'bmp', bytes: Buffer): Promise<FlateImage> {
  if (kind === 'png') {
    const stream = pngStream(bytes);
    if (stream && pngStreamIsSound(stream)) return stream;
    // Skia would decode what it can and fill the rest, and the card would print with a grey band.
    if (stream) throw ApiError.badRequest('The PNG image cannot be decoded (its pixel data is damaged or truncated); the file may be damaged.');
  }
  return decodeFlattened(kind, bytes);
}

function embedFlate(doc: PDFDocument, img: FlateImage): PDFRef {
  const colorSpace = img.palette ? ['Indexed', 'DeviceRGB', img.palette.length / 3 - 1, PDFHexString.of(img.palette.toString('hex'))] : img.colors === 3 ? 'DeviceRGB' : 'DeviceGray';
  const stream = doc.context.stream(img.data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: img.width,
    Height: img.height,
    BitsPerComponent: img.bitsPerComponent,
    ColorSpace: colorSpace,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: img.colors, BitsPerComponent: img.bitsPerComponent, Columns: img.width },
  });
  return doc.context.register(stream);
}

/**
 * pdf-lib's JPEG reader views `bytes.buffer` from offset 0, ignoring byteOffset; Node Buffers are often
 * views into a shared pool, so it would read someone else's bytes. A copy owns its ArrayBuffer.
 */
const ownBuffer = (bytes: Buffer) => new Uint8Array(bytes);

/**
 * The image as an XObject of `doc`. Nothing here decodes pixels in JavaScript: JPEGs are copied (pdf-lib reads
 * only their headers), plain PNGs are copied as a predictor stream, and the rest are decoded by Skia. The
 * native work is still CPU-heavy for large images, so the server runs this in ImageConverter's worker threads.
 */
async function embed(doc: PDFDocument, kind: ImageKind, bytes: Buffer): Promise<PDFRef> {
  if (kind === 'jpg') {
    try {
      return (await doc.embedJpg(ownBuffer(bytes))).ref;
    } catch (err) {
      throw ApiError.badRequest(`The JPEG image cannot be read (${err instanceof Error ? err.message : String(err)}); the file may be damaged.`);
    }
  }
  return embedFlate(doc, await flateImage(kind, bytes));
}

/**
 * One page of the target size with the image turned upright by its EXIF orientation (phone photos are often stored
 * sideways), scaled without distortion and centred. A letter's image fits inside A4 (its text must not be cut); a
 * postcard's covers the whole bleed page, the overflow cropped, so the card prints edge to edge with no white
 * border after trimming. The pixels are embedded as they are, at full resolution.
 */
export async function imageToPdf(kind: ImageKind, bytes: Buffer, info: ImageInfo, target: PageTarget): Promise<Buffer> {
  checkPixels(kind, info);
  const sideways = info.orientation >= 5;
  const shown = sideways ? { width: info.height, height: info.width } : { width: info.width, height: info.height };
  const [pageW, pageH] = pageFor(target, shown);
  const scale = (target === 'postcard' ? Math.max : Math.min)(pageW / shown.width, pageH / shown.height);
  const w = shown.width * scale;
  const h = shown.height * scale;
  const x = (pageW - w) / 2;
  const y = (pageH - h) / 2;

  const doc = await PDFDocument.create();
  const image = await embed(doc, kind, bytes);
  const page = doc.addPage([pageW, pageH]);
  if (target === 'postcard') {
    // Where the press cuts (TrimBox, A5) and how far the picture runs past it (BleedBox, the whole page).
    const bleed = POSTCARD_BLEED_MM * MM;
    page.setTrimBox(bleed, bleed, pageW - 2 * bleed, pageH - 2 * bleed);
    page.setBleedBox(0, 0, pageW, pageH);
  }
  const name = page.node.newXObject('Image', image);
  const [a, b, c, d, e, f] = ORIENTATION[info.orientation] ?? ORIENTATION[1]!;
  page.pushOperators(
    pushGraphicsState(),
    // The cropped overflow stays out of every box, also for software that shows more than the MediaBox.
    rectangle(0, 0, pageW, pageH),
    clip(),
    endPath(),
    concatTransformationMatrix(w * a, h * b, w * c, h * d, x + w * e, y + h * f),
    drawObject(name),
    popGraphicsState(),
  );
  return Buffer.from(await doc.save());
}
