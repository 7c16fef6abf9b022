import zlib from 'node:zlib';

/**
 * A PNG's compressed pixel data as a PDF image can carry it unchanged: PDF's FlateDecode with the PNG predictors
 * (/Predictor 15) reads PNG scanlines as they are, so an opaque, non-interlaced PNG of 8 bits or fewer per sample
 * goes into the PDF without being decoded and re-encoded at all (lossless, and no pixel work on any thread).
 */
export interface PngStream {
  readonly width: number;
  readonly height: number;
  readonly bitsPerComponent: number;
  /** Samples per pixel in the stream: 1 (grey or palette index) or 3 (RGB). */
  readonly colors: 1 | 3;
  /** RGB triplets for colour type 3 (the PDF /Indexed lookup table). */
  readonly palette?: Buffer;
  /** The concatenated IDAT chunks: one zlib stream. */
  readonly data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The PNG's stream when it can be copied as is, otherwise undefined (alpha channel, tRNS transparency, 16-bit
 * samples, Adam7 interlacing, or anything unexpected): the caller then decodes it natively instead.
 */
export function pngStream(png: Buffer): PngStream | undefined {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) return undefined;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colourType = -1;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (data.length !== length) return undefined; // truncated
    if (type === 'IHDR') {
      if (length !== 13) return undefined;
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8]!;
      colourType = data[9]!;
      // compression 0, filter method 0, and no interlacing: anything else is not a plain predictor stream.
      if (data[10] !== 0 || data[11] !== 0 || data[12] !== 0) return undefined;
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS')
      return undefined; // transparency: flatten it instead
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (width < 1 || height < 1 || idat.length === 0 || depth > 8) return undefined;
  const data = Buffer.concat(idat);
  if (colourType === 0) return { width, height, bitsPerComponent: depth, colors: 1, data };
  if (colourType === 2 && depth === 8) return { width, height, bitsPerComponent: 8, colors: 3, data };
  if (colourType === 3 && palette && palette.length % 3 === 0 && palette.length <= 768) return { width, height, bitsPerComponent: depth, colors: 1, palette, data };
  return undefined; // 4 and 6 carry alpha
}

/**
 * Whether the stream inflates to exactly the scanlines its header promises, each with a valid filter type. A damaged
 * PNG is refused here rather than printed as garbage; zlib's native inflate makes this cheap next to decoding.
 */
export function pngStreamIsSound(s: PngStream): boolean {
  const rowBytes = Math.ceil((s.width * s.colors * s.bitsPerComponent) / 8) + 1;
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(s.data, { maxOutputLength: rowBytes * s.height + 1 });
  } catch {
    return false;
  }
  if (raw.length !== rowBytes * s.height) return false;
  for (let at = 0; at < raw.length; at += rowBytes) if (raw[at]! > 4) return false;
  return true;
}
