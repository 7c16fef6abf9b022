import type fontkit from '@pdf-lib/fontkit';
import {
  beginText,
  endText,
  PDFHexString,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';

/**
 * Draws text glyph by glyph where the font's layout puts each one, offsets included. page.drawText writes the
 * glyphs with their default advances only, which loses GPOS mark positioning: Noto Sans Arabic draws the dots of
 * ض ش ف as separate marks (the dot of a final ض landed beside its letter).
 * This reaches into pdf-lib 1.17's subset embedder (the same steps as its encodeText) to register each glyph in
 * the subset and its ToUnicode map, then places each with its own text matrix.
 */
interface SubsetEmbedder {
  font: fontkit.Font;
  fontFeatures: Record<string, boolean> | undefined;
  subset: { includeGlyph(glyph: fontkit.Glyph): number };
  glyphs: fontkit.Glyph[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
}

function embedderOf(font: PDFFont): SubsetEmbedder | undefined {
  const e = (font as unknown as { embedder?: Partial<SubsetEmbedder> }).embedder;
  return e?.font && e.subset && e.glyphs && e.glyphIdMap && e.glyphCache ? (e as SubsetEmbedder) : undefined;
}

/** Width in em of `text` as drawShapedText places it (layout advances, kerning and marks included). */
export function shapedAdvance(font: fontkit.Font, text: string): number {
  return font.layout(text).advanceWidth / font.unitsPerEm;
}

/** Draws `text` (in logical order: fontkit reverses right-to-left scripts) from x on baseline y; falls back to drawText. */
export function drawShapedText(page: PDFPage, font: PDFFont, text: string, at: { x: number; y: number; size: number }) {
  const e = embedderOf(font);
  if (!e) {
    page.drawText(text, { x: at.x, y: at.y, size: at.size, font });
    return;
  }
  const run = e.font.layout(text, e.fontFeatures);
  const scale = at.size / e.font.unitsPerEm;
  const key = page.node.newFontDictionary(font.name, font.ref);
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(0, 0, 0), beginText(), setFontAndSize(key, at.size)];
  let pen = at.x;
  run.glyphs.forEach((glyph, i) => {
    const p = run.positions[i]!;
    const id = e.subset.includeGlyph(glyph);
    e.glyphs[id - 1] = glyph;
    e.glyphIdMap.set(glyph.id, id);
    ops.push(setTextMatrix(1, 0, 0, 1, pen + p.xOffset * scale, at.y + p.yOffset * scale), showText(PDFHexString.of(id.toString(16).padStart(4, '0'))));
    pen += p.xAdvance * scale;
  });
  e.glyphCache.invalidate();
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
}
