/**
 * Fixtures for upload tests, all made here by code (pdf-lib, docx, @napi-rs/canvas), and two ways to
 * look inside a resulting PDF: the fonts it embeds, and a rendered page (pdfjs-dist).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createCanvas } from '@napi-rs/canvas';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

const MM = 72 / 25.4;

/** An A5 landscape PDF with `pages` pages, each saying its number. */
export async function pdfFixture(pages = 2, size: [number, number] = [210 * MM, 148 * MM]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage(size).drawText(`Page ${i + 1}`, { x: 40, y: 200, size: 40, font });
  return Buffer.from(await doc.save());
}

/** A PDF whose trailer carries an /Encrypt dictionary (Standard security handler), as a protected PDF does. */
export async function encryptedPdfFixture(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([210 * MM, 148 * MM]);
  const encrypt = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFString.of('o'.repeat(32)), U: PDFString.of('u'.repeat(32)), P: -44 });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The first half of a real PDF: the header is there, later objects, the xref and the trailer are cut off. */
export async function truncatedPdfFixture(): Promise<Buffer> {
  const whole = await pdfFixture(2);
  return whole.subarray(0, Math.floor(whole.length * 0.5));
}

/** A PDF header followed by junk: no objects, no catalogue. */
export const headerOnlyPdfFixture = () => Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.alloc(2000, 'x')]);

/** A docx with the given paragraphs (made with the `docx` package). */
export async function docxFixture(paragraphs: string[], opts: { font?: string; size?: number } = {}): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: paragraphs.map((text) => new Paragraph({ children: [new TextRun({ text, size: opts.size ?? 32, ...(opts.font ? { font: opts.font } : {}) })] })),
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

export const CJK_TEXT = '郵便はがき 你好世界 안녕하세요';

/** A canvas of w×h: the top half red, the bottom half blue, so orientation and placement can be checked by colour. */
function twoToneCanvas(w: number, h: number) {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ff0000';
  ctx.fillRect(0, 0, w, Math.floor(h / 2));
  ctx.fillStyle = '#0000ff';
  ctx.fillRect(0, Math.floor(h / 2), w, h - Math.floor(h / 2));
  return canvas;
}

export const pngFixture = (w = 300, h = 200) => twoToneCanvas(w, h).encode('png');
export const jpegFixture = (w = 300, h = 200) => twoToneCanvas(w, h).encode('jpeg', 90);
export const gifFixture = (w = 300, h = 200) => twoToneCanvas(w, h).encode('gif');

/** A 24-bit BMP of the two-tone picture (canvas cannot encode BMP, so the header is written here). */
export function bmpFixture(w = 300, h = 200): Buffer {
  const canvas = twoToneCanvas(w, h);
  const rgba = canvas.getContext('2d').getImageData(0, 0, w, h).data;
  const rowBytes = Math.ceil((w * 3) / 4) * 4;
  const pixels = Buffer.alloc(rowBytes * h);
  for (let y = 0; y < h; y++) {
    const row = h - 1 - y; // BMP rows are stored bottom-up
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const o = row * rowBytes + x * 3;
      pixels[o] = rgba[i + 2]!;
      pixels[o + 1] = rgba[i + 1]!;
      pixels[o + 2] = rgba[i]!;
    }
  }
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(w, 18);
  header.writeInt32LE(h, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

/** A JPEG with an EXIF APP1 segment carrying the given orientation (1–8), inserted after SOI. */
export async function jpegWithOrientation(orientation: number, w = 300, h = 200): Promise<Buffer> {
  const jpeg = await jpegFixture(w, h);
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, payload, jpeg.subarray(2)]);
}

/** BaseFont names of every font dictionary in a PDF (subset prefixes like "ABCDEF+" kept). */
export async function pdfFontNames(pdf: Buffer): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const names = new Set<string>();
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    if (obj.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const base = obj.get(PDFName.of('BaseFont'));
    if (base instanceof PDFName) names.add(base.decodeText());
  }
  return [...names].sort();
}

export async function pageSizes(pdf: Buffer): Promise<Array<{ width: number; height: number }>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc.getPages().map((p) => p.getSize());
}

const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Page `n` (1-based) rendered at `scale` (1 = 72 dpi) with pdfjs-dist onto an @napi-rs/canvas. */
export async function renderPage(pdf: Buffer, n = 1, scale = 1) {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts') + path.sep,
    cMapUrl: path.join(pdfjsDir, 'cmaps') + path.sep,
    cMapPacked: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as any, canvasContext: ctx as any, viewport }).promise;
    return {
      width: canvas.width,
      height: canvas.height,
      png: () => canvas.encode('png'),
      /** [r, g, b] at a point given as fractions of the width and height (0–1, from the top left). */
      colourAt: (fx: number, fy: number): [number, number, number] => {
        const d = ctx.getImageData(Math.floor(fx * (canvas.width - 1)), Math.floor(fy * (canvas.height - 1)), 1, 1).data;
        return [d[0]!, d[1]!, d[2]!];
      },
    };
  } finally {
    await doc.destroy();
  }
}

/** 'red', 'blue', 'white' or 'other' for a rendered pixel. */
export function colourName([r, g, b]: [number, number, number]): string {
  if (r > 200 && g < 60 && b < 60) return 'red';
  if (b > 200 && r < 60 && g < 60) return 'blue';
  if (r > 235 && g > 235 && b > 235) return 'white';
  return 'other';
}

/**
 * A docx whose only picture is linked, not embedded: its relationship points at `imageUrl` with
 * TargetMode="External", so a converter that follows links fetches that URL. The `docx` package cannot
 * write linked pictures, so its output is edited with fflate (the zip library `docx` itself uses).
 */
export async function docxWithLinkedImage(imageUrl: string): Promise<Buffer> {
  const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
  const files = unzipSync(new Uint8Array(await docxFixture(['A letter with a linked picture below.'])));
  const picture =
    '<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="952500" cy="952500"/><wp:docPr id="99" name="Linked"/>' +
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">' +
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>' +
    '<pic:blipFill><a:blip r:link="rIdLinked"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>' +
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>' +
    '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>';
  const xml = strFromU8(files['word/document.xml']!).replace('<w:sectPr', `${picture}<w:sectPr`);
  const rels = strFromU8(files['word/_rels/document.xml.rels']!).replace(
    '</Relationships>',
    `<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${imageUrl}" TargetMode="External"/></Relationships>`,
  );
  files['word/document.xml'] = strToU8(xml);
  files['word/_rels/document.xml.rels'] = strToU8(rels);
  return Buffer.from(zipSync(files));
}

/**
 * Tests that run the real LibreOffice are skipped, with this reason, on a machine without it (a fresh
 * `npm install` has no soffice); .ci/run installs it, so CI always runs them.
 */
export const needsSoffice: string | false = (() => {
  const candidates = [process.env.SOFFICE_PATH, ...(process.env.PATH ?? '').split(':').map((d) => d && `${d}/soffice`)];
  return candidates.some((p) => p && fs.existsSync(p)) ? false : 'needs LibreOffice: apt-get install libreoffice-writer-nogui (or set SOFFICE_PATH)';
})();
