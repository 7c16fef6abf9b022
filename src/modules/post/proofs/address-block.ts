import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AddressFonts } from './fonts.js';
import type { Rect } from './geometry.js';
import { withVisibleFrame } from './page-frame.js';
import { fitLines, type FitResult } from './text-fit.js';

/** Something the caller should know about a proof: the address was printed, but not exactly as given. */
export interface ProofWarning {
  code: 'GLYPHS_REPLACED' | 'TEXT_TRUNCATED';
  message: string;
}

export interface BlockStyle {
  size: number;
  minSize: number;
}

export interface PanelLayout {
  /** Where the block goes, in the page as seen (points, top-left origin). It is painted white first. */
  rect: Rect;
  padding: number;
  /** Space between the return address and the recipient. */
  gap: number;
  returnStyle: BlockStyle & { maxHeight: number };
  recipientStyle: BlockStyle;
}

interface FittedBlock {
  fit: FitResult;
  fonts: PDFFont[];
}

async function fitBlock(label: string, lines: string[], fonts: AddressFonts, width: number, height: number, style: BlockStyle, warn: (w: ProofWarning) => void): Promise<FittedBlock> {
  const picked = await Promise.all(lines.map((l) => fonts.pick(l)));
  for (const p of picked) {
    if (p.replaced.length > 0) {
      warn({
        code: 'GLYPHS_REPLACED',
        message: `${label} line "${p.text}": no available font can draw ${[...new Set(p.replaced)].join(' ')}; printed as shown`,
      });
    }
  }
  const fit = fitLines(
    picked.map((p) => ({ text: p.text, measure: (t: string, s: number) => p.font.widthOfTextAtSize(t, s) })),
    { maxWidth: width, maxHeight: height, size: style.size, minSize: style.minSize },
  );
  if (fit.truncated) warn({ code: 'TEXT_TRUNCATED', message: `${label} does not fit its area even at ${style.minSize} pt; printed shortened with "…"` });
  return { fit, fonts: fit.lines.map((l) => picked[l.source]!.font) };
}

/**
 * Paints the area white (so the address reads over any artwork), then prints the return address small at the
 * top and the recipient below it, each shrunk, wrapped or shortened to fit.
 */
export async function drawAddressPanel(page: PDFPage, fonts: AddressFonts, layout: PanelLayout, content: { returnLines: string[]; recipientLines: string[] }, warn: (w: ProofWarning) => void) {
  const { rect, padding, gap } = layout;
  const width = rect.width - 2 * padding;
  const inner = rect.height - 2 * padding;
  const ret = await fitBlock('Return address', content.returnLines, fonts, width, Math.min(layout.returnStyle.maxHeight, inner / 2), layout.returnStyle, warn);
  const used = ret.fit.lines.length * ret.fit.lineHeight;
  const recipientTop = used > 0 ? used + gap : 0;
  const rcpt = await fitBlock('Recipient', content.recipientLines, fonts, width, inner - recipientTop, layout.recipientStyle, warn);

  withVisibleFrame(page, (frame) => {
    const flip = (top: number) => frame.height - top;
    page.drawRectangle({ x: rect.x, y: flip(rect.y + rect.height), width: rect.width, height: rect.height, color: rgb(1, 1, 1) });
    const print = (block: FittedBlock, top: number) =>
      block.fit.lines.forEach((line, i) => {
        // The baseline sits so the line's ascenders and descenders stay inside its own line box.
        const baseline = top + i * block.fit.lineHeight + block.fit.size * 0.95;
        page.drawText(line.text, { x: rect.x + padding, y: flip(baseline), size: block.fit.size, font: block.fonts[i]!, color: rgb(0, 0, 0) });
      });
    print(ret, rect.y + padding);
    print(rcpt, rect.y + padding + recipientTop);
  });
}
