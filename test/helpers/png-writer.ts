/**
 * PNGs written by hand (zlib), for the image-conversion tests and bench: any colour type, bit depth and chunk
 * mix a test needs, and large gradients that compress to tens of kilobytes yet decode to tens of megabytes of
 * pixels, like the 84 KB 5000 × 5000 PNG of issue 7.
 */
import zlib from 'node:zlib';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface PngParts {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colourType: 0 | 2 | 3 | 4 | 6;
  depth?: number;
  /** RGB triplets (colour type 3). */
  palette?: number[];
  /** A tRNS chunk's bytes. */
  trns?: number[];
  /** Sets the Adam7 flag in IHDR (the data is not actually interlaced: for parser tests only). */
  interlaceFlag?: boolean;
  /** The filtered scanlines (each starting with its filter byte), already joined. */
  scanlines: Buffer;
}

export function encodePng(p: PngParts): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(p.width, 0);
  ihdr.writeUInt32BE(p.height, 4);
  ihdr[8] = p.depth ?? 8;
  ihdr[9] = p.colourType;
  ihdr[12] = p.interlaceFlag ? 1 : 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(p.palette ? [chunk('PLTE', Buffer.from(p.palette))] : []),
    ...(p.trns ? [chunk('tRNS', Buffer.from(p.trns))] : []),
    chunk('IDAT', zlib.deflateSync(p.scanlines)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Unfiltered scanlines (filter byte 0) from a function giving each pixel's samples. */
export function scanlines(width: number, height: number, pixel: (x: number, y: number) => number[]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const samples: number[] = [0];
    for (let x = 0; x < width; x++) samples.push(...pixel(x, y));
    rows.push(Buffer.from(samples));
  }
  return Buffer.concat(rows);
}

export interface GradientOptions {
  /** RGBA (colour type 6) instead of RGB (colour type 2). */
  alpha?: boolean;
  /** Alpha of every pixel when `alpha` is set (255 = opaque, the default). */
  opacity?: number;
}

/**
 * w × h pixels: red rises left to right, green top to bottom, blue stays at 128 (so the corners differ by colour),
 * alpha (if any) at `opacity`.
 */
export function gradientPng(w: number, h: number, opts: GradientOptions = {}): Buffer {
  const channels = opts.alpha ? 4 : 3;
  const stride = w * channels + 1;
  // Sub (PNG filter 1) stores each byte minus the byte one pixel to its left: along a row only red changes, so
  // every filtered row is the same but for the first pixel's green. One template row, copied h times.
  const template = Buffer.alloc(stride);
  template[0] = 1;
  let previousRed = 0;
  for (let x = 0; x < w; x++) {
    const red = Math.round((x * 255) / Math.max(1, w - 1));
    template[1 + x * channels] = (red - previousRed) & 0xff;
    previousRed = red;
  }
  template[3] = 128;
  if (opts.alpha) template[4] = opts.opacity ?? 255;
  const raw = Buffer.alloc(stride * h);
  for (let y = 0; y < h; y++) {
    template.copy(raw, y * stride);
    raw[y * stride + 2] = Math.round((y * 255) / Math.max(1, h - 1));
  }
  return encodePng({ width: w, height: h, colourType: opts.alpha ? 6 : 2, scanlines: raw });
}
