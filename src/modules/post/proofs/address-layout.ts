import { recipientLineFields, returnAddressLineFields, type Address, type AddressLine } from './address.js';
import { facesFor, type Face } from './font-faces.js';
import { ADDRESS_PANEL_MM, LETTER_WINDOW_MM, mm } from './geometry.js';
import { shapeLine, type ShapedLine } from './line-runs.js';
import { fitLines, type FitResult } from './text-fit.js';

/**
 * The address panel's layout and its fitting, in one place: the request-time check (is this address printable?)
 * and the composer (print it) both call fitAddressPanel, so a card accepted at send time prints exactly as checked.
 */

export type PanelKind = 'postcard' | 'letter';

export interface BlockStyle {
  size: number;
  minSize: number;
}

export interface PanelSpec {
  /** The panel's size in points (where it sits on the page is the composer's business). */
  width: number;
  height: number;
  padding: number;
  /** Space between the return address and the recipient. */
  gap: number;
  returnStyle: BlockStyle & { maxHeight: number };
  recipientStyle: BlockStyle;
  /** The return address on one line (a letter's window shows one small line above the recipient). */
  returnOnOneLine: boolean;
}

/**
 * The recipient's text is never printed smaller than the return address's × this: a sorter (or a person) must
 * tell at a glance which address the card goes to. 1.25 is the smallest step of a type scale that reads as
 * "clearly smaller" (7 pt against 8.75 pt); when the recipient would need less it wraps, and when wrapping is
 * not enough the recipient is refused as unprintable.
 */
export const RECIPIENT_OVER_RETURN = 1.25;

export const PANELS: Record<PanelKind, PanelSpec> = {
  postcard: {
    width: mm(ADDRESS_PANEL_MM.width),
    height: mm(ADDRESS_PANEL_MM.height),
    padding: mm(4),
    gap: mm(3),
    returnStyle: { size: 7, minSize: 5, maxHeight: mm(13) },
    recipientStyle: { size: 11, minSize: 7 },
    returnOnOneLine: false,
  },
  letter: {
    width: mm(LETTER_WINDOW_MM.width),
    height: mm(LETTER_WINDOW_MM.height),
    padding: mm(3),
    gap: mm(1.5),
    // One small line: the window is 40 mm tall and the post reads the return address only if it shows through it.
    returnStyle: { size: 6.5, minSize: 5, maxHeight: 6.5 * 1.2 },
    recipientStyle: { size: 10, minSize: 7 },
    returnOnOneLine: true,
  },
};

export interface FittedLine {
  text: string;
  /** Index of the address line it came from. */
  source: number;
  shaped: ShapedLine;
}

export interface FittedBlock {
  size: number;
  lineHeight: number;
  lines: FittedLine[];
}

/** Why an address cannot be printed as written; `who` says whose address, `field` which of its fields. */
export interface PrintProblem {
  who: 'recipient' | 'return';
  field: string;
  message: string;
}

export interface FittedPanel {
  spec: PanelSpec;
  ret: FittedBlock;
  rcpt: FittedBlock;
  /** Top of the recipient block below the panel's inner top. */
  recipientTop: number;
  faces: Face[];
  /** The address cannot be printed as written: refused at send time; drawn as well as possible by the composer. */
  problems: PrintProblem[];
  /** Printed, but not at its normal size or on its own line. */
  warnings: string[];
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
const pt = (n: number) => `${Math.round(n * 100) / 100} pt`;
const LABEL = { recipient: 'Recipient', return: 'Return address' } as const;

function fitBlock(
  who: PrintProblem['who'],
  lines: AddressLine[],
  faces: Face[],
  box: { width: number; height: number },
  style: BlockStyle,
  out: Pick<FittedPanel, 'problems' | 'warnings'>,
): FittedBlock {
  const cache = new Map<string, ShapedLine>();
  const shape = (t: string) => {
    let s = cache.get(t);
    if (!s) {
      s = shapeLine(t, faces);
      cache.set(t, s);
    }
    return s;
  };
  lines.forEach((l) => {
    const missing = shape(l.text).missing;
    if (missing.length > 0) {
      const chars = missing.map((c) => `"${c}" (${codePoint(c)})`).join(', ');
      out.problems.push({ who, field: l.field, message: `contains ${chars}, which no font the printer has can draw` });
    }
  });
  const fit: FitResult = fitLines(
    lines.map((l) => ({ text: l.text, measure: (t: string, size: number) => shape(t).width * size })),
    { maxWidth: box.width, maxHeight: box.height, size: style.size, minSize: style.minSize },
  );
  for (const source of fit.cut) {
    out.problems.push({ who, field: lines[source]!.field, message: `does not fit the address area even at ${pt(style.minSize)}, wrapped over the lines there is room for` });
  }
  if (fit.size < style.size - 0.005 && lines.length > 0) out.warnings.push(`${LABEL[who]} printed at ${pt(fit.size)} instead of ${pt(style.size)} to fit the address area.`);
  for (const source of fit.wrapped.filter((s) => !fit.cut.includes(s))) {
    const n = fit.lines.filter((l) => l.source === source).length;
    out.warnings.push(`${LABEL[who]} ${lines[source]!.field} is too long for one line of the address area; printed on ${n} lines.`);
  }
  return { size: fit.size, lineHeight: fit.lineHeight, lines: fit.lines.map((l) => ({ ...l, shaped: shape(l.text) })) };
}

/**
 * Fits the return address (small, at the top) and the recipient (below it) into a panel of the given kind:
 * each block shrinks to its minimum size, then wraps; the recipient never goes below the return address's size
 * × RECIPIENT_OVER_RETURN. What still does not fit, and characters no face has, are problems.
 */
export async function fitAddressPanel(kind: PanelKind, recipient: Address, returnAddress: Address): Promise<FittedPanel> {
  const spec = PANELS[kind];
  const retLines = returnAddressLineFields(returnAddress, recipient.address_country);
  const returnLines = spec.returnOnOneLine && retLines.length > 0 ? [{ text: retLines.map((l) => l.text).join(', '), field: 'address' }] : retLines;
  const rcptLines = recipientLineFields(recipient, returnAddress.address_country);
  const faces = await facesFor(
    recipient.address_country,
    [...returnLines, ...rcptLines].map((l) => l.text),
  );

  const out: Pick<FittedPanel, 'problems' | 'warnings'> = { problems: [], warnings: [] };
  const width = spec.width - 2 * spec.padding;
  const inner = spec.height - 2 * spec.padding;
  const ret = fitBlock('return', returnLines, faces, { width, height: Math.min(spec.returnStyle.maxHeight, inner / 2) }, spec.returnStyle, out);
  const used = ret.lines.length * ret.lineHeight;
  const recipientTop = used > 0 ? used + spec.gap : 0;
  const floor = ret.lines.length > 0 ? ret.size * RECIPIENT_OVER_RETURN : 0;
  const rcptStyle = { size: Math.max(spec.recipientStyle.size, floor), minSize: Math.max(spec.recipientStyle.minSize, floor) };
  const rcpt = fitBlock('recipient', rcptLines, faces, { width, height: inner - recipientTop }, rcptStyle, out);
  return { spec, ret, rcpt, recipientTop, faces, ...out };
}
