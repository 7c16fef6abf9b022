import { randomBytes } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FittedBlock, FittedPanel } from './address-layout.js';
import type { FaceId } from './font-faces.js';
import type { Rect } from './geometry.js';
import { drawableText } from './line-runs.js';
import { withVisibleFrame } from './page-frame.js';
import { drawShapedText } from './shaped-text.js';

const POSITIONED: ReadonlySet<FaceId> = new Set(['arabic']);

/** Something the caller should know about a proof: the address was printed, but not exactly as given or not at its normal size. */
export interface ProofWarning {
  code: 'UNPRINTABLE' | 'ADJUSTED';
  message: string;
}

/**
 * Embeds (subsetted) the faces the panel's runs use. Ligatures are off for the faces drawn with drawText, so each
 * glyph has exactly the width the fit measured and maps back to one character; the faces drawn as laid out
 * (POSITIONED) keep the font's features, as the fit measured them (Arabic's joined forms are required).
 */
async function embedFaces(doc: PDFDocument, panel: FittedPanel): Promise<Map<FaceId, PDFFont>> {
  doc.registerFontkit(fontkit);
  const used = new Set(panel.ret.lines.concat(panel.rcpt.lines).flatMap((l) => l.shaped.runs.map((r) => r.face)));
  const fonts = new Map<FaceId, PDFFont>();
  for (const face of panel.faces.filter((f) => used.has(f.id))) {
    const features = POSITIONED.has(face.id) ? undefined : { liga: false, clig: false };
    const font = await doc.embedFont(face.bytes, { subset: true, ...(features ? { features } : {}) });
    // PDF 32000 9.6.4: a subset's name starts with a tag of six capitals and "+", so preflight tools and RIPs know it
    // is a subset and never cache it as the whole font (pdf-lib names it "NotoSans-Regular-1234", untagged). The
    // tag is random: two proofs' subsets of one face must not share a name. Read when the font is written (save).
    (font as unknown as { embedder: { customName?: string } }).embedder.customName = `${subsetTag()}+${font.name}`;
    fonts.set(face.id, font);
  }
  return fonts;
}

const subsetTag = () => Array.from(randomBytes(6), (b) => String.fromCharCode(65 + (b % 26))).join('');

/**
 * Paints the area white (so the address reads over any artwork), then prints the fitted return address and
 * recipient in it, run by run (each run in its face, in display order; right-to-left lines right-aligned).
 */
export async function drawAddressPanel(doc: PDFDocument, page: PDFPage, rect: Rect, panel: FittedPanel) {
  const fonts = await embedFaces(doc, panel);
  const { padding } = panel.spec;
  const width = rect.width - 2 * padding;
  withVisibleFrame(page, (frame) => {
    const flip = (top: number) => frame.height - top;
    page.drawRectangle({ x: rect.x, y: flip(rect.y + rect.height), width: rect.width, height: rect.height, color: rgb(1, 1, 1) });
    const print = (block: FittedBlock, top: number) =>
      block.lines.forEach((line, i) => {
        // The baseline sits so the line's ascenders and descenders stay inside its own line box.
        const baseline = top + i * block.lineHeight + block.size * 0.95;
        let x = rect.x + padding + (line.shaped.rtl ? Math.max(0, width - line.shaped.width * block.size) : 0);
        for (const run of line.shaped.runs) {
          const font = fonts.get(run.face)!;
          // Arabic goes glyph by glyph where the layout puts it: Noto Sans Arabic draws many dots as positioned marks.
          // (Thai and Hebrew marks print well at their default places, and extractors read them back in order only so.)
          if (POSITIONED.has(run.face)) drawShapedText(page, font, drawableText(run), { x, y: flip(baseline), size: block.size });
          else page.drawText(drawableText(run), { x, y: flip(baseline), size: block.size, font, color: rgb(0, 0, 0) });
          x += run.width * block.size;
        }
      });
    print(panel.ret, rect.y + padding);
    print(panel.rcpt, rect.y + padding + panel.recipientTop);
  });
}
