// Fixtures for the post limits: PDFs too long or too heavy to make with pdf-lib's page API in a test.
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { PT_PER_MM } from './post.js';

/**
 * A PDF of n blank pages of one size, written as raw PDF text (with a correct xref table). pdf-lib's addPage is
 * quadratic in the page count: 100,000 pages took it six minutes; this takes a fraction of a second. The pages
 * inherit their MediaBox from the page tree, so 100,000 of them fit in ~8 MB, under the 10 MB fetch limit.
 */
export function manyPagePdf(pages: number, sizeMm: [number, number] = [210, 297]): Buffer {
  const [w, h] = sizeMm.map((mm) => (mm * PT_PER_MM).toFixed(2));
  const parts: string[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const object = (n: number, body: string) => {
    offsets[n] = length;
    push(`${n} 0 obj\n${body}\nendobj\n`);
  };
  push('%PDF-1.4\n');
  object(1, '<</Type/Catalog/Pages 2 0 R>>');
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  object(2, `<</Type/Pages/Count ${pages}/MediaBox[0 0 ${w} ${h}]/Kids[${kids}]>>`);
  for (let i = 0; i < pages; i++) object(i + 3, '<</Type/Page/Parent 2 0 R>>');
  const xrefAt = length;
  const size = pages + 3;
  push(`xref\n0 ${size}\n0000000000 65535 f \n`);
  for (let n = 1; n < size; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<</Size ${size}/Root 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.from(parts.join(''), 'latin1');
}

/**
 * A JPEG whose frame header (SOF0) says width × height: a real 16 × 16 JPEG with its declared size raised. The
 * pixel count in the header is what decides whether pdfjs draws an image, so this stands for a 9000 × 8000 photo
 * without a test having to encode 72 million pixels.
 */
export function jpegDeclaring(width: number, height: number): Buffer {
  const canvas = createCanvas(16, 16);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#3366cc';
  ctx.fillRect(0, 0, 16, 16);
  const jpeg = Buffer.from(canvas.encodeSync('jpeg', 90));
  for (let i = 2; i < jpeg.length - 9; ) {
    if (jpeg[i] !== 0xff) throw new Error('unexpected JPEG layout');
    const marker = jpeg[i + 1]!;
    const segment = jpeg.readUInt16BE(i + 2);
    if (marker === 0xc0 || marker === 0xc2) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg;
    }
    i += 2 + segment;
  }
  throw new Error('no SOF marker in the JPEG');
}

/** An A4 letter whose page `onPage` (1-based) shows a JPEG of width × height pixels, scaled to fit the page. */
export async function letterWithImage(width: number, height: number, opts: { pages?: number; onPage?: number } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  // A whole copy: pdf-lib reads the JPEG through its ArrayBuffer and ignores a Buffer's offset into a shared pool.
  const image = await doc.embedJpg(new Uint8Array(jpegDeclaring(width, height)));
  const pages = opts.pages ?? 1;
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([210 * PT_PER_MM, 297 * PT_PER_MM]);
    if (i === (opts.onPage ?? 1)) page.drawImage(image, { x: 20, y: 20, width: 150, height: (150 * height) / width });
  }
  return Buffer.from(await doc.save());
}
