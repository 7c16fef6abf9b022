import type { PricingService } from '../pricing/index.js';

export interface LetterSpec {
  /** Pages of the sender's PDF. */
  documentPages: number;
  colour: boolean;
  duplex: boolean;
  templateUsed: boolean;
}

/** A DL window envelope holds up to 4 sheets; more go flat in a large (C4) envelope, which costs extra. */
const DL_MAX_SHEETS = 4;

/** Pages printed: the document, plus a cover page carrying the address when no template window is used. */
export function printedPages(spec: LetterSpec): number {
  return spec.documentPages + (spec.templateUsed ? 0 : 1);
}

/** Sheets of paper: the cover page is a sheet of its own; duplex prints two document pages per sheet. */
export function sheets(spec: LetterSpec): number {
  return (spec.templateUsed ? 0 : 1) + (spec.duplex ? Math.ceil(spec.documentPages / 2) : spec.documentPages);
}

/**
 * Our reading of the price list's letter fields (ClickSend does not publish the formula): the first page at
 * price_letter_black|colour, each further printed page at price_letter_page_black|colour, and for more than
 * four sheets price_letter_large_surcharge plus price_letter_large_surcharge_sheet per sheet.
 */
export function letterPriceMicros(pricing: PricingService, country: string, currency: string, spec: LetterSpec): number {
  const p = pricing.letterPriceInputs(country, currency);
  const pages = printedPages(spec);
  const first = spec.colour ? p.firstSheetColourMicros : p.firstSheetBlackMicros;
  const perPage = spec.colour ? p.extraPageColourMicros : p.extraPageBlackMicros;
  const n = sheets(spec);
  const large = n > DL_MAX_SHEETS ? p.largeSurchargeMicros + n * p.largeSurchargePerSheetMicros : 0;
  return first + (pages - 1) * perPage + large;
}
