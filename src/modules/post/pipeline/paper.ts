/** Paper sizes the preflight accepts and names, in millimetres. */

export const MM_PER_PT = 25.4 / 72;
/** How far a page may be from a nominal size and still count as that size. */
export const TOLERANCE_MM = 1;
export const BLEED_MM = 3;

export const A5 = { long: 210, short: 148 } as const;
export const A4 = { width: 210, height: 297 } as const;

export interface PageSize {
  widthMm: number;
  heightMm: number;
}

const near = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE_MM;

// Sizes people actually send by mistake, so a refusal can say what the page is, not only what it is not.
const NAMED: ReadonlyArray<{ name: string; short: number; long: number }> = [
  { name: 'A3', short: 297, long: 420 },
  { name: 'A4', short: 210, long: 297 },
  { name: 'A4 with 3 mm bleed', short: 216, long: 303 },
  { name: 'A5', short: 148, long: 210 },
  { name: 'A5 with 3 mm bleed', short: 154, long: 216 },
  { name: 'A6', short: 105, long: 148 },
  { name: 'DL', short: 99, long: 210 },
  { name: 'US Letter', short: 215.9, long: 279.4 },
  { name: 'US Legal', short: 215.9, long: 355.6 },
  { name: '4 × 6 in', short: 101.6, long: 152.4 },
  { name: '5 × 7 in', short: 127, long: 177.8 },
];

/** "210.0 × 297.0 mm (A4)", "297.0 × 210.0 mm (A4 landscape)", or just the figures for an unnamed size. */
export function describeSize({ widthMm, heightMm }: PageSize): string {
  const figures = `${widthMm.toFixed(1)} × ${heightMm.toFixed(1)} mm`;
  const short = Math.min(widthMm, heightMm);
  const long = Math.max(widthMm, heightMm);
  const named = NAMED.find((n) => near(short, n.short) && near(long, n.long));
  if (!named) return figures;
  if (near(short, long)) return `${figures} (${named.name})`;
  const portrait = heightMm >= widthMm;
  // Letters are portrait by nature, postcards either way: only name the orientation when it is landscape.
  return `${figures} (${named.name}${portrait ? '' : ' landscape'})`;
}

export type PostcardFit = 'trim' | 'bleed';

/** Whether a page is an A5 postcard face, at trim size or with a 3 mm bleed on every side, either orientation. */
export function postcardFit({ widthMm, heightMm }: PageSize): PostcardFit | undefined {
  const short = Math.min(widthMm, heightMm);
  const long = Math.max(widthMm, heightMm);
  if (near(short, A5.short) && near(long, A5.long)) return 'trim';
  if (near(short, A5.short + 2 * BLEED_MM) && near(long, A5.long + 2 * BLEED_MM)) return 'bleed';
  return undefined;
}

export const POSTCARD_RULE = 'postcards must be A5: 210 × 148 mm (landscape) or 148 × 210 mm (portrait) at trim size, or 216 × 154 / 154 × 216 mm with a 3 mm bleed, ±1 mm';

/** What to do about a page of another size (A4 is the usual one): the upload converter makes postcard faces. */
export const POSTCARD_CONVERT_HINT =
  'To print it as a postcard, upload the file with POST /uploads?convert=postcard and send the _url it returns: each PDF page is scaled onto A5 (an A4 page exactly), and a picture fills a 216 × 154 mm page with bleed';

export function isA4Portrait({ widthMm, heightMm }: PageSize): boolean {
  return near(widthMm, A4.width) && near(heightMm, A4.height);
}

export const LETTER_RULE = 'letters must be A4 portrait: 210 × 297 mm, ±1 mm';

/**
 * The most sheets of the sender's document one letter may have (the cover page we add is not counted). ClickSend
 * documents envelope sizes (up to 4 pages simplex or 8 duplex fold into a DL envelope, more go flat in a C4 one)
 * but no maximum; 60 sheets is what a C4 envelope comfortably holds, so we refuse beyond it at preflight.
 */
export const LETTER_MAX_SHEETS = 60;

/** Pages a letter's file may have: one per sheet simplex, two per sheet duplex. */
export function letterMaxPages(duplex: boolean): number {
  return duplex ? LETTER_MAX_SHEETS * 2 : LETTER_MAX_SHEETS;
}

export const LETTER_PAGES_RULE = `a letter is printed on at most ${LETTER_MAX_SHEETS} sheets: ${LETTER_MAX_SHEETS} pages simplex, or ${LETTER_MAX_SHEETS * 2} pages with duplex=1`;
