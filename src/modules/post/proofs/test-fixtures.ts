// Fixture PDFs made with pdf-lib for the proof and address-detection tests (not product code; imported only by *.test.ts).
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { degrees, PDFDocument, rgb, StandardFonts, type RGB } from 'pdf-lib';
import type { Address } from './address.js';
import { mm } from './geometry.js';

export const FRONT_COLOUR = rgb(0.1, 0.3, 0.8);
export const BACK_COLOUR = rgb(0.85, 0.2, 0.2);

export interface CardSpec {
  orientation?: 'landscape' | 'portrait';
  bleed?: boolean;
  /** /Rotate on the back page (its MediaBox is then laid out turned, so it displays in `orientation`). */
  backRotation?: 0 | 90 | 180 | 270;
}

/** A 2-page A5 card: each page a full-bleed coloured rectangle with text, the back's text also under the panel. */
export async function a5Card(spec: CardSpec = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  const bleed = spec.bleed ? 3 : 0;
  const [long, short] = [mm(210 + 2 * bleed), mm(148 + 2 * bleed)];
  const [w, h] = spec.orientation === 'portrait' ? [short, long] : [long, short];
  const page = (colour: RGB, label: string, rotation = 0) => {
    const turned = rotation % 180 !== 0;
    const p = doc.addPage(turned ? [h, w] : [w, h]);
    if (rotation) p.setRotation(degrees(rotation));
    const { width, height } = p.getSize();
    p.drawRectangle({ x: 0, y: 0, width, height, color: colour });
    // Text spread over the whole page, so some of it sits under any panel.
    for (let y = 20; y < height; y += 40) p.drawText(`${label} artwork line ${Math.round(y)}`, { x: 15, y, size: 14, font, color: rgb(1, 1, 1) });
    return p;
  };
  page(FRONT_COLOUR, 'FRONT');
  page(BACK_COLOUR, 'BACK', spec.backRotation ?? 0);
  return Buffer.from(await doc.save());
}

export const LETTER_BODY = 'Dear customer, this is the body of the letter.';

/** An A4 portrait letter with body text below the window and optionally text inside the window area. */
export async function a4Letter(opts: { pages?: number; windowLines?: string[]; windowFontSize?: number; windowXMm?: number; windowTopMm?: number; outsideLines?: string[] } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (opts.pages ?? 1); i++) {
    const p = doc.addPage([mm(210), mm(297)]);
    const top = (fromTopMm: number) => p.getHeight() - mm(fromTopMm);
    p.drawText(`${LETTER_BODY} Page ${i + 1}.`, { x: mm(20), y: top(120), size: 11, font });
    if (i > 0) continue;
    const size = opts.windowFontSize ?? 10;
    (opts.windowLines ?? []).forEach((line, n) => p.drawText(line, { x: mm(opts.windowXMm ?? 24), y: top(opts.windowTopMm ?? 52) - n * size * 1.25, size, font }));
    (opts.outsideLines ?? []).forEach((line, n) => p.drawText(line, { x: mm(125), y: top(30) - n * 12, size: 10, font }));
  }
  return Buffer.from(await doc.save());
}

export const RECIPIENT: Address = {
  address_name: 'Jane Citizen',
  address_line_1: '123 Example Street',
  address_line_2: 'Unit 4',
  address_city: 'Perth',
  address_state: 'WA',
  address_postal_code: '6000',
  address_country: 'AU',
};

export const RETURN_ADDRESS: Address = {
  address_name: 'Sendbox Pty Ltd',
  address_line_1: '1 Return Road',
  address_line_2: '',
  address_city: 'Sydney',
  address_state: 'NSW',
  address_postal_code: '2000',
  address_country: 'AU',
};

/** RGBA of one pixel of a PNG. */
export async function pixelAt(png: Buffer, x: number, y: number): Promise<[number, number, number, number]> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data;
  return [d[0]!, d[1]!, d[2]!, d[3]!];
}

/** How many pixels in the rect (pixels) are darker than mid-grey. */
export async function darkPixels(png: Buffer, r: { x: number; y: number; width: number; height: number }): Promise<number> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i]! + d[i + 1]! + d[i + 2]! < 384) n++;
  return n;
}

export async function pngSize(png: Buffer): Promise<{ width: number; height: number }> {
  const img = await loadImage(png);
  return { width: img.width, height: img.height };
}

/** Close to an expected pdf-lib colour (0–1 channels), within antialiasing noise. */
export function near(actual: [number, number, number, number], expected: RGB, tolerance = 8): boolean {
  const want = [expected.red, expected.green, expected.blue].map((c) => Math.round(c * 255));
  return want.every((c, i) => Math.abs(c - actual[i]!) <= tolerance);
}
