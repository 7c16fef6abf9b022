/** Page geometry of post items, in PDF points unless a name says mm. Rects are in the page as seen (top-left origin, y down). */

export const PT_PER_MM = 72 / 25.4;
export const mm = (value: number) => value * PT_PER_MM;
export const toMm = (points: number) => points / PT_PER_MM;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A5 trim and the bleed a print-ready postcard may carry on each side. */
export const POSTCARD_TRIM_MM = { long: 210, short: 148 } as const;
export const POSTCARD_BLEED_MM = 3;
const SIZE_TOLERANCE_MM = 1;

/**
 * The address panel on the back: a clear area at the bottom right, 5 mm inside the trim. 100 × 55 mm leaves
 * the top right free for the stamp or postage indicia and the left half of a landscape back for the message.
 */
export const ADDRESS_PANEL_MM = { width: 100, height: 55, margin: 5 } as const;

export interface PanelGeometry {
  /** 3 when the page is 216 × 154 mm (trim plus bleed), else 0. */
  bleedMm: number;
  /** The panel, in points, in the page as seen. */
  panel: Rect;
  /** The trim box, in points, in the page as seen. */
  trim: Rect;
}

/** Where the address panel sits on a back page of the given visible size (points): portrait or landscape. */
export function postcardAddressPanel(widthPt: number, heightPt: number): PanelGeometry {
  const long = toMm(Math.max(widthPt, heightPt));
  const short = toMm(Math.min(widthPt, heightPt));
  const withBleed = Math.abs(long - (POSTCARD_TRIM_MM.long + 2 * POSTCARD_BLEED_MM)) <= SIZE_TOLERANCE_MM && Math.abs(short - (POSTCARD_TRIM_MM.short + 2 * POSTCARD_BLEED_MM)) <= SIZE_TOLERANCE_MM;
  const bleedMm = withBleed ? POSTCARD_BLEED_MM : 0;
  const bleed = mm(bleedMm);
  const trim = { x: bleed, y: bleed, width: widthPt - 2 * bleed, height: heightPt - 2 * bleed };
  const { width, height, margin } = ADDRESS_PANEL_MM;
  const panel = {
    x: trim.x + trim.width - mm(margin) - mm(width),
    y: trim.y + trim.height - mm(margin) - mm(height),
    width: mm(width),
    height: mm(height),
  };
  return { bleedMm, panel, trim };
}

/** The window of a DL window envelope on an A4 letter folded in three: 20 mm from the left, 45–85 mm from the top, 90 mm wide. */
export const LETTER_WINDOW_MM = { left: 20, top: 45, width: 90, height: 40 } as const;

export function letterWindow(): Rect {
  const w = LETTER_WINDOW_MM;
  return { x: mm(w.left), y: mm(w.top), width: mm(w.width), height: mm(w.height) };
}

/** A4 portrait, for the cover page of a letter whose first page has no address window. */
export const A4_PT: readonly [number, number] = [mm(210), mm(297)];

export function insideRect(r: Rect, x: number, y: number, tolerance = 0): boolean {
  return x >= r.x - tolerance && x <= r.x + r.width + tolerance && y >= r.y - tolerance && y <= r.y + r.height + tolerance;
}

export function grow(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}
