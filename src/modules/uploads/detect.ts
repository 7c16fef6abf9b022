/**
 * What a file is, from its bytes (magic numbers), never from a name: a client's file name or MIME type
 * may be wrong, and JSON uploads have neither.
 */
export type DocumentKind = 'doc' | 'docx' | 'rtf' | 'odt';
export type ImageKind = 'jpg' | 'png' | 'gif' | 'bmp';
export type FileKind = 'pdf' | DocumentKind | ImageKind;

export type Detected = { readonly kind: FileKind } | { readonly kind: 'unsupported'; readonly looksLike: string };

const DOCUMENT_KINDS: ReadonlySet<string> = new Set(['doc', 'docx', 'rtf', 'odt']);
const IMAGE_KINDS: ReadonlySet<string> = new Set(['jpg', 'png', 'gif', 'bmp']);
export const isDocument = (k: FileKind): k is DocumentKind => DOCUMENT_KINDS.has(k);
export const isImage = (k: FileKind): k is ImageKind => IMAGE_KINDS.has(k);

const startsWith = (buf: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return buf.length >= at + bytes.length && buf.subarray(at, at + bytes.length).equals(bytes);
};
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

function zipKind(buf: Buffer): Detected {
  // OpenDocument stores an uncompressed "mimetype" entry first, so its value sits at a fixed offset.
  if (buf.subarray(30, 38).toString('latin1') === 'mimetype') {
    const mime = buf.subarray(38, 120).toString('latin1');
    if (mime.startsWith('application/vnd.oasis.opendocument.text')) return { kind: 'odt' };
    if (mime.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return { kind: 'unsupported', looksLike: 'an OpenDocument spreadsheet (ods)' };
    if (mime.startsWith('application/vnd.oasis.opendocument.presentation')) return { kind: 'unsupported', looksLike: 'an OpenDocument presentation (odp)' };
  }
  // Entry names are stored uncompressed in the local headers and the central directory.
  if (buf.includes('word/document.xml', 0, 'latin1')) return { kind: 'docx' };
  if (buf.includes('xl/workbook.xml', 0, 'latin1')) return { kind: 'unsupported', looksLike: 'an Excel workbook (xlsx)' };
  if (buf.includes('ppt/presentation.xml', 0, 'latin1')) return { kind: 'unsupported', looksLike: 'a PowerPoint presentation (pptx)' };
  return { kind: 'unsupported', looksLike: 'a ZIP archive that is not a Word (docx) or OpenDocument text (odt) document' };
}

function oleKind(buf: Buffer): Detected {
  // Compound File directory entries carry UTF-16LE stream names.
  if (buf.includes(utf16('WordDocument'))) return { kind: 'doc' };
  if (buf.includes(utf16('Workbook')) || buf.includes(utf16('Book'))) return { kind: 'unsupported', looksLike: 'an Excel workbook (xls)' };
  if (buf.includes(utf16('PowerPoint Document'))) return { kind: 'unsupported', looksLike: 'a PowerPoint presentation (ppt)' };
  return { kind: 'unsupported', looksLike: 'an Office compound file that is not a Word document' };
}

function looksLikeText(buf: Buffer): boolean {
  const head = buf.subarray(0, 4096);
  return head.length > 0 && !head.includes(0);
}

export function detect(buf: Buffer): Detected {
  if (buf.length === 0) return { kind: 'unsupported', looksLike: 'an empty file' };
  if (startsWith(buf, '%PDF-')) return { kind: 'pdf' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return zipKind(buf);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oleKind(buf);
  if (startsWith(buf, '{\\rtf')) return { kind: 'rtf' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { kind: 'jpg' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'png' };
  if (startsWith(buf, 'GIF87a') || startsWith(buf, 'GIF89a')) return { kind: 'gif' };
  if (startsWith(buf, 'BM') && buf.length > 26 && [12, 40, 52, 56, 108, 124].includes(buf.readUInt32LE(14))) return { kind: 'bmp' };
  // PDF readers accept a header anywhere in the first 1 KB (some generators write junk before it).
  if (buf.subarray(0, 1024).includes('%PDF-', 0, 'latin1')) return { kind: 'pdf' };
  if (startsWith(buf, 'RIFF') && startsWith(buf, 'WEBP', 8)) return { kind: 'unsupported', looksLike: 'a WebP image' };
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return { kind: 'unsupported', looksLike: 'a TIFF image' };
  if (startsWith(buf, 'ftyp', 4)) return { kind: 'unsupported', looksLike: 'a HEIC/AVIF image or MP4 video' };
  if (looksLikeText(buf)) {
    const head = buf.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
    if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return { kind: 'unsupported', looksLike: 'an SVG image' };
    if (head.startsWith('<!doctype html') || head.startsWith('<html')) return { kind: 'unsupported', looksLike: 'an HTML page' };
    return { kind: 'unsupported', looksLike: 'plain text' };
  }
  return { kind: 'unsupported', looksLike: 'a file of unknown type' };
}

export interface ImageInfo {
  readonly width: number;
  readonly height: number;
  /** EXIF orientation 1–8 (JPEG only; 1 when absent). */
  readonly orientation: number;
}

function exifOrientation(buf: Buffer, start: number, end: number): number {
  if (buf.subarray(start, start + 6).toString('latin1') !== 'Exif\0\0') return 1;
  const tiff = start + 6;
  if (tiff + 8 > end) return 1;
  const le = buf.subarray(tiff, tiff + 2).toString('latin1') === 'II';
  const u16 = (at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) break;
    if (u16(entry) === 0x0112) {
      const v = u16(entry + 8);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

function jpegInfo(buf: Buffer): ImageInfo | undefined {
  let orientation = 1;
  let i = 2;
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) return undefined;
    const marker = buf[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = buf.readUInt16BE(i + 2);
    if (marker === 0xe1) orientation = exifOrientation(buf, i + 4, Math.min(buf.length, i + 2 + len));
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > buf.length) return undefined;
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7), orientation };
    }
    if (marker === 0xda) return undefined; // scan data before any frame header
    i += 2 + len;
  }
  return undefined;
}

/** Pixel size from the image header, without decoding it; undefined when the header is unreadable. */
export function imageInfo(kind: ImageKind, buf: Buffer): ImageInfo | undefined {
  try {
    switch (kind) {
      case 'png':
        return buf.length >= 24 ? { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), orientation: 1 } : undefined;
      case 'gif':
        return buf.length >= 10 ? { width: buf.readUInt16LE(6), height: buf.readUInt16LE(8), orientation: 1 } : undefined;
      case 'bmp': {
        if (buf.length < 26) return undefined;
        if (buf.readUInt32LE(14) === 12) return { width: buf.readUInt16LE(18), height: buf.readUInt16LE(20), orientation: 1 };
        // A negative height means rows are stored top-down.
        return { width: Math.abs(buf.readInt32LE(18)), height: Math.abs(buf.readInt32LE(22)), orientation: 1 };
      }
      case 'jpg':
        return jpegInfo(buf);
    }
  } catch {
    return undefined;
  }
}
