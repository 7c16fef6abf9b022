/** Fits address lines into a box: shrink to a minimum size first, then wrap, then ellipsize. Pure: measuring is injected. */

export interface LogicalLine {
  text: string;
  /** Width of `text` at `size` in the font this line will be drawn with. */
  measure: (text: string, size: number) => number;
}

export interface FitOptions {
  maxWidth: number;
  maxHeight: number;
  size: number;
  minSize: number;
  /** Line height as a multiple of the size. */
  leading?: number;
}

export interface PlacedLine {
  text: string;
  /** Index of the logical line it came from. */
  source: number;
}

export interface FitResult {
  size: number;
  lineHeight: number;
  lines: PlacedLine[];
  /** A logical line was cut short with an ellipsis, or dropped. */
  truncated: boolean;
  /** Indexes of the logical lines printed on more than one line. */
  wrapped: number[];
  /** Indexes of the logical lines cut short or dropped. */
  cut: number[];
}

export const ELLIPSIS = '…';

export function fitLines(input: LogicalLine[], opts: FitOptions): FitResult {
  const leading = opts.leading ?? 1.2;
  const lines = input.filter((l) => l.text.length > 0);
  if (lines.length === 0) return { size: opts.size, lineHeight: opts.size * leading, lines: [], truncated: false, wrapped: [], cut: [] };

  // Width scales linearly with size, so the size that fits the widest line is one division away.
  const widthLimit = Math.min(...lines.map((l) => (opts.size * opts.maxWidth) / Math.max(l.measure(l.text, opts.size), 1e-6)));
  const heightLimit = opts.maxHeight / (lines.length * leading);
  const size = Math.max(opts.minSize, Math.min(opts.size, widthLimit, heightLimit));
  const lineHeight = size * leading;
  const capacity = Math.max(1, Math.floor(opts.maxHeight / lineHeight + 1e-9));

  let spare = capacity - lines.length;
  let truncated = false;
  const wrapped = new Set<number>();
  const cut = new Set<number>();
  const out: PlacedLine[] = [];
  lines.forEach((line, source) => {
    if (line.measure(line.text, size) <= opts.maxWidth) {
      out.push({ text: line.text, source });
      return;
    }
    const pieces = wrap(line, size, opts.maxWidth);
    const allowed = 1 + Math.max(0, spare);
    if (pieces.length > 1) wrapped.add(source);
    if (pieces.length <= allowed) {
      pieces.forEach((text) => out.push({ text, source }));
      spare -= pieces.length - 1;
      return;
    }
    const kept = pieces.slice(0, allowed - 1);
    const rest = pieces.slice(allowed - 1).join(' ');
    [...kept, ellipsize(line, rest, size, opts.maxWidth)].forEach((text) => out.push({ text, source }));
    spare -= allowed - 1;
    truncated = true;
    cut.add(source);
  });

  if (out.length > capacity) {
    // More logical lines than the box holds even at the minimum size: keep the first ones, mark the cut.
    const last = out[capacity - 1]!;
    const line = lines[last.source]!;
    out.length = capacity;
    out[capacity - 1] = { source: last.source, text: ellipsize(line, `${last.text}${ELLIPSIS}`, size, opts.maxWidth) };
    truncated = true;
    for (let s = last.source; s < lines.length; s++) cut.add(s);
  }
  // Sources index `input` (empty lines included), so callers can name the field each line came from.
  const original = input.flatMap((l, i) => (l.text.length > 0 ? [i] : []));
  const toInput = (s: number) => original[s]!;
  return {
    size,
    lineHeight,
    lines: out.map((l) => ({ ...l, source: toInput(l.source) })),
    truncated,
    wrapped: [...wrapped].map(toInput),
    cut: [...cut].sort((a, b) => a - b).map(toInput),
  };
}

/** Greedy word wrap; a word wider than the box (or a script written without spaces) breaks between characters. */
export function wrap(line: LogicalLine, size: number, maxWidth: number): string[] {
  const fits = (t: string) => line.measure(t, size) <= maxWidth;
  const out: string[] = [];
  let current = '';
  for (const word of line.text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current) out.push(current);
    current = '';
    if (fits(word)) {
      current = word;
      continue;
    }
    for (const ch of Array.from(word)) {
      if (current && !fits(current + ch)) {
        out.push(current);
        current = '';
      }
      current += ch;
    }
  }
  if (current) out.push(current);
  return out;
}

/** The longest start of `text` that fits with an ellipsis after it. */
export function ellipsize(line: LogicalLine, text: string, size: number, maxWidth: number): string {
  if (line.measure(text, size) <= maxWidth) return text;
  const chars = Array.from(text.endsWith(ELLIPSIS) ? text.slice(0, -ELLIPSIS.length) : text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (line.measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS, size) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}
