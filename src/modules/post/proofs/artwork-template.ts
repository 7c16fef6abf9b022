import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type RGB } from 'pdf-lib';
import { ADDRESS_PANEL_MM, mm, POSTCARD_BLEED_MM, POSTCARD_TRIM_MM, postcardAddressPanel, toMm, type Rect } from './geometry.js';
import { setPostcardPrintBoxes } from './print-boxes.js';

/**
 * The published postcard layout: a PDF to design on, one page per face and orientation, each on the bleed sheet
 * (216 × 154 mm, TrimBox 210 × 148 mm) with the bleed, the trim, the safe area and (backs) the address zone drawn,
 * labelled and measured in millimetres. Every figure comes from geometry.ts, the code that places the address.
 * Runs in a post worker thread (it embeds a font); the server keeps the bytes once made.
 */

/** Text and logos kept this far inside the trim survive a cut that is off by a millimetre or two. */
export const SAFE_MARGIN_MM = 5;

const FONT_FILE = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');

const BLEED_TINT = rgb(1, 0.85, 0.85);
const TRIM_LINE = rgb(0, 0, 0);
const SAFE_LINE = rgb(0, 0.55, 0.25);
const PANEL_FILL = rgb(0.9, 0.93, 1);
const PANEL_LINE = rgb(0.1, 0.3, 0.8);
const TEXT = rgb(0.15, 0.15, 0.15);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

/** The template PDF's bytes. */
export async function artworkTemplatePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Sendbox postcard artwork template (A5, 3 mm bleed)');
  doc.setCreator('Sendbox');
  doc.setProducer('Sendbox');
  doc.registerFontkit(fontkit);
  // Embedded whole (~300 KB compressed), not subset: pdf-lib's subset of this TrueType font renders most glyphs
  // blank in poppler. One weight keeps the file small; the bytes are made once per process.
  const regular = await doc.embedFont(await fs.readFile(FONT_FILE), { subset: false });
  const fonts = { regular, bold: regular };
  for (const orientation of ['landscape', 'portrait'] as const) {
    for (const face of ['front', 'back'] as const) drawFace(doc, fonts, orientation, face);
  }
  // The same boxes as every print file we make: MediaBox = BleedBox = the sheet, TrimBox 3 mm inside.
  setPostcardPrintBoxes(doc);
  return doc.save();
}

function drawFace(doc: PDFDocument, fonts: Fonts, orientation: 'landscape' | 'portrait', face: 'front' | 'back') {
  const b = POSTCARD_BLEED_MM;
  const [trimW, trimH] = orientation === 'landscape' ? [POSTCARD_TRIM_MM.long, POSTCARD_TRIM_MM.short] : [POSTCARD_TRIM_MM.short, POSTCARD_TRIM_MM.long];
  const [sheetW, sheetH] = [trimW + 2 * b, trimH + 2 * b];
  const page = doc.addPage([mm(sheetW), mm(sheetH)]);
  // Rects here are in mm from the sheet's top-left corner, as a designer measures; drawn in PDF points.
  const draw = (r: Rect, opts: { fill?: RGB; line?: RGB; dash?: boolean; width?: number }) =>
    page.drawRectangle({
      x: mm(r.x),
      y: mm(sheetH - r.y - r.height),
      width: mm(r.width),
      height: mm(r.height),
      color: opts.fill,
      borderColor: opts.line,
      borderWidth: opts.line ? (opts.width ?? 0.75) : 0,
      borderDashArray: opts.dash ? [4, 3] : undefined,
    });
  const text = (s: string, xMm: number, yMm: number, size = 7, font = fonts.regular, color = TEXT) => page.drawText(s, { x: mm(xMm), y: mm(sheetH - yMm), size, font, color });

  // The bleed: tinted all round the trim.
  draw({ x: 0, y: 0, width: sheetW, height: sheetH }, { fill: BLEED_TINT });
  draw({ x: b, y: b, width: trimW, height: trimH }, { fill: rgb(1, 1, 1), line: TRIM_LINE });
  const s = SAFE_MARGIN_MM;
  const safe = { x: b + s, y: b + s, width: trimW - 2 * s, height: trimH - 2 * s };
  draw(safe, { line: SAFE_LINE, dash: true });

  text(`Bleed: ${b} mm on every side (sheet ${sheetW} × ${sheetH} mm). Extend background artwork to here.`, b + 1, b - 0.9, 5.5, fonts.regular, rgb(0.6, 0, 0));
  const name = `${face === 'front' ? 'FRONT' : 'BACK'} · ${orientation} · A5`;
  text(name, safe.x + 3, safe.y + 9, 14, fonts.bold);
  const lines = [
    `Trim (cut line, solid black): ${trimW} × ${trimH} mm.`,
    `Safe area (dashed green): ${safe.width} × ${safe.height} mm, ${s} mm inside the trim. Keep text and logos inside it.`,
    'Send a PDF of 216 × 154 mm (154 × 216 mm portrait) with artwork to the sheet edge,',
    `or of ${POSTCARD_TRIM_MM.long} × ${POSTCARD_TRIM_MM.short} mm: it is then centred and the bleed stays blank paper.`,
    'Page boxes: MediaBox = BleedBox = sheet, TrimBox = trim.',
  ];
  lines.forEach((l, i) => text(l, safe.x + 3, safe.y + 16 + i * 4.2, 7.5));

  if (face === 'back') drawAddressZone(fonts, draw, text, { sheetW, sheetH, bleed: b });
}

function drawAddressZone(
  fonts: Fonts,
  draw: (r: Rect, opts: { fill?: RGB; line?: RGB; dash?: boolean }) => void,
  text: (s: string, xMm: number, yMm: number, size?: number, font?: PDFFont, color?: RGB) => void,
  g: { sheetW: number; sheetH: number; bleed: number },
) {
  // The very function the composer calls, so the template cannot drift from where the address is printed.
  const { panel } = postcardAddressPanel(mm(g.sheetW), mm(g.sheetH));
  const zone = { x: toMm(panel.x), y: toMm(panel.y), width: toMm(panel.width), height: toMm(panel.height) };
  draw(zone, { fill: PANEL_FILL, line: PANEL_LINE });
  const fromTrimLeft = zone.x - g.bleed;
  const fromTrimTop = zone.y - g.bleed;
  const { margin } = ADDRESS_PANEL_MM;
  const label = [
    `ADDRESS ZONE ${fmt(zone.width)} × ${fmt(zone.height)} mm`,
    `${margin} mm from the right and bottom trim edges`,
    `(${fmt(fromTrimLeft)} mm from the left, ${fmt(fromTrimTop)} mm from the top of the trim).`,
    'Printed white with the return address and the recipient:',
    'anything here is covered. Keep it free of text and images.',
  ];
  text(label[0]!, zone.x + 3, zone.y + 7, 8, fonts.bold, PANEL_LINE);
  label.slice(1).forEach((l, i) => text(l, zone.x + 3, zone.y + 12 + i * 4, 6.5, fonts.regular, PANEL_LINE));
}
