// Direct files, not ../proofs/index.js: the index reaches the renderer, whose task types name WindowLine (an import cycle),
// and this file also runs in the post worker threads, which need no renderer.
import { grow, insideRect, letterWindow, mm } from '../proofs/geometry.js';
import { readPageText, type PositionedText } from '../proofs/pdfjs.js';

export interface WindowLine {
  text: string;
  /** Largest font size on the line, in points. */
  size: number;
}

/** Text a little outside the window still shows through it once the letter shifts in the envelope. */
export const WINDOW_TOLERANCE_MM = 5;

function joinLine(items: PositionedText[]): WindowLine {
  items.sort((a, b) => a.x - b.x);
  let text = '';
  let end = -Infinity;
  for (const item of items) {
    // A visible gap between runs is a word break, even when the PDF has no space character there.
    const gap = item.x - end > item.size * 0.15;
    text += text && gap && !text.endsWith(' ') && !item.str.startsWith(' ') ? ` ${item.str}` : item.str;
    end = item.x + item.width;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), size: Math.max(...items.map((i) => i.size)) };
}

/** Groups text runs whose baselines line up into lines, top to bottom. */
export function toLines(items: PositionedText[]): WindowLine[] {
  const sorted = [...items].sort((a, b) => a.y - b.y);
  const groups: PositionedText[][] = [];
  for (const item of sorted) {
    const current = groups.at(-1);
    if (current && Math.abs(current[0]!.y - item.y) < Math.min(current[0]!.size, item.size) * 0.5) current.push(item);
    else groups.push([item]);
  }
  return groups.map(joinLine).filter((l) => l.text.length > 0);
}

/**
 * A sender's line printed small at the top of the window (DIN 5008's "Rücksendeangabe", or our own proofs) is
 * not part of the recipient: leading lines clearly smaller than the rest are dropped.
 */
function dropSmallLeadingLines(lines: WindowLine[]): WindowLine[] {
  const out = [...lines];
  while (out.length > 1) {
    const rest = out
      .slice(1)
      .map((l) => l.size)
      .sort((a, b) => a - b);
    const median = rest[Math.floor(rest.length / 2)]!;
    if (out[0]!.size >= median * 0.8) break;
    out.shift();
  }
  return out;
}

/** The lines of text inside the address window of page 1 (with tolerance), top to bottom. Runs on the calling thread. */
export async function readWindowLines(pdf: Uint8Array): Promise<WindowLine[]> {
  const page = await readPageText(pdf, 1);
  const window = grow(letterWindow(), mm(WINDOW_TOLERANCE_MM));
  const inside = page.items.filter((i) => insideRect(window, i.x, i.y));
  return dropSmallLeadingLines(toLines(inside));
}
