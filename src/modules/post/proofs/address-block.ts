import { createHash } from 'node:crypto';
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

// pdf-lib parses the font file again on every embed (fontkit.create), and a CJK face is 10 MB: about 130 ms of every
// proof of a Chinese address went there. Faces are immutable and shared (font-faces.ts keeps one Uint8Array per face),
// so each file is parsed once per thread; subsets are still made per document.
const parsedFaces = new WeakMap<Uint8Array, fontkit.Font>();
const parseOnceFontkit: typeof fontkit = {
  ...fontkit,
  create(bytes: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(bytes, postscriptName);
    let font = parsedFaces.get(bytes);
    if (!font) {
      font = keepCodePoints(fontkit.create(bytes));
      parsedFaces.set(bytes, font);
    }
    return font;
  },
};

type GlyphCache = { getGlyph(id: number, codePoints?: number[]): { codePoints: number[] } };

/**
 * fontkit keeps the first Glyph object made for an id, with the code points it was made with. Subsetting makes the
 * components of a composite glyph with none (Greek Ή brings in H), and on a font shared across documents a later
 * "H" drawn as text then got that glyph: pdf-lib wrote no ToUnicode entry for it and "CHINA" extracted as "C#INA".
 * A glyph asked for with code points gets them if it had none.
 */
function keepCodePoints(font: fontkit.Font): fontkit.Font {
  const cache = font as unknown as GlyphCache;
  const getGlyph = cache.getGlyph.bind(font);
  cache.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id, codePoints);
    if (codePoints.length > 0 && glyph.codePoints.length === 0) glyph.codePoints = codePoints;
    return glyph;
  };
  return font;
}

/**
 * Embeds (subsetted) the faces the panel's runs use. Ligatures are off for the faces drawn with drawText, so each
 * glyph has exactly the width the fit measured and maps back to one character; the faces drawn as laid out
 * (POSITIONED) keep the font's features, as the fit measured them (Arabic's joined forms are required).
 */
async function embedFaces(doc: PDFDocument, panel: FittedPanel): Promise<Map<FaceId, PDFFont>> {
  doc.registerFontkit(parseOnceFontkit);
  const used = new Set(panel.ret.lines.concat(panel.rcpt.lines).flatMap((l) => l.shaped.runs.map((r) => r.face)));
  const fonts = new Map<FaceId, PDFFont>();
  for (const face of panel.faces.filter((f) => used.has(f.id))) {
    const features = POSITIONED.has(face.id) ? undefined : { liga: false, clig: false };
    const font = await doc.embedFont(face.bytes, { subset: true, ...(features ? { features } : {}) });
    // PDF 32000 9.6.4: a subset's name starts with a tag of six capitals and "+", so preflight tools and RIPs know it
    // is a subset and never cache it as the whole font (pdf-lib names it "NotoSans-Regular-1234", untagged). The
    // tag comes from the text drawn with the face: subsets of other glyphs get other names, and the same item
    // composed twice (the proof job and the print hand-off may both make it) comes out byte for byte the same.
    const text = panel.ret.lines.concat(panel.rcpt.lines).flatMap((l) => l.shaped.runs.filter((r) => r.face === face.id).map((r) => r.text));
    (font as unknown as { embedder: { customName?: string } }).embedder.customName = `${subsetTag(face.id, text)}+${font.name}`;
    fonts.set(face.id, font);
  }
  return fonts;
}

const subsetTag = (face: string, text: string[]) =>
  Array.from(
    createHash('sha256')
      .update(JSON.stringify([face, text]))
      .digest()
      .subarray(0, 6),
    (b) => String.fromCharCode(65 + (b % 26)),
  ).join('');

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
