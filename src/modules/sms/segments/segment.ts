import { GSM7_SEPTETS } from './gsm7.js';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentation {
  encoding: SmsEncoding;
  /** Parts billed and sent; 0 for an empty text (nothing to send; the send path calls that EMPTY_MESSAGE). */
  parts: number;
  /** Septets for GSM-7 (extension characters count two), UTF-16 code units for UCS-2. */
  characters: number;
}

/**
 * Capacity of one part: the whole 140-octet payload when the message fits in one part, less the
 * 6-octet concatenation header per part once it does not (160/153 septets, 70/67 UTF-16 units).
 */
export const PART_CAPACITY: Readonly<Record<SmsEncoding, { single: number; multi: number }>> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

const GSM_SINGLE = PART_CAPACITY['GSM-7'].single;
const GSM_MULTI = PART_CAPACITY['GSM-7'].multi;
const UCS_SINGLE = PART_CAPACITY['UCS-2'].single;
const UCS_MULTI = PART_CAPACITY['UCS-2'].multi;

/** Width in code units of the unit starting at i: 2 for a surrogate pair, which is never split. */
function unitWidth(text: string, i: number): 1 | 2 {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/**
 * Encoding, parts and length of an SMS body, in one pass with a table lookup per code unit.
 * Parts are packed greedily and an escape pair or a surrogate pair never straddles two parts: the part
 * that would split one ends early and the pair opens the next part, as handsets and SMSCs require.
 */
export function segmentSms(text: string): SmsSegmentation {
  const n = text.length;
  if (n === 0) return { encoding: 'GSM-7', parts: 0, characters: 0 };

  let septets = 0;
  let parts = 1;
  let fill = 0;
  let i = 0;
  for (; i < n; i++) {
    const w = GSM7_SEPTETS[text.charCodeAt(i)]!;
    if (w === 0) break;
    septets += w;
    if (fill + w > GSM_MULTI) {
      parts++;
      fill = w;
    } else fill += w;
  }
  if (i === n) return { encoding: 'GSM-7', parts: septets <= GSM_SINGLE ? 1 : parts, characters: septets };

  // Everything before i was GSM-7, i.e. one BMP code unit each: its UCS-2 packing follows from its length.
  parts = i === 0 ? 1 : Math.ceil(i / UCS_MULTI);
  fill = i - (parts - 1) * UCS_MULTI;
  while (i < n) {
    const w = unitWidth(text, i);
    i += w;
    if (fill + w > UCS_MULTI) {
      parts++;
      fill = w;
    } else fill += w;
  }
  return { encoding: 'UCS-2', parts: n <= UCS_SINGLE ? 1 : parts, characters: n };
}

/**
 * The most characters (septets or UTF-16 units) that `parts` parts can carry. An upper bound: an
 * escape or surrogate pair moved to the next part leaves one unit of a part unused.
 */
export function maxCharsForParts(encoding: SmsEncoding, parts: number): number {
  if (!(parts >= 1)) return 0;
  const { single, multi } = PART_CAPACITY[encoding];
  return parts === 1 ? single : Math.floor(parts) * multi;
}

/**
 * The longest prefix of `text` that goes in at most `maxParts` parts, cut between characters (never
 * inside an escape or surrogate pair). The text itself when it already fits.
 */
export function truncateToParts(text: string, maxParts: number): string {
  const whole = segmentSms(text);
  if (whole.parts <= maxParts) return text;
  if (!(maxParts >= 1)) return '';
  const gsm = whole.encoding === 'GSM-7';
  // Cut in the whole text's encoding; a prefix that lost its last non-GSM character only gets smaller.
  if (maxParts === 1) {
    const cap = PART_CAPACITY[whole.encoding].single;
    let used = 0;
    for (let i = 0; i < text.length; ) {
      const w = unitWidth(text, i);
      const cost = gsm ? GSM7_SEPTETS[text.charCodeAt(i)]! : w;
      if (used + cost > cap) return text.slice(0, i);
      used += cost;
      i += w;
    }
    return text;
  }
  const cap = PART_CAPACITY[whole.encoding].multi;
  let parts = 1;
  let fill = 0;
  for (let i = 0; i < text.length; ) {
    const w = unitWidth(text, i);
    const cost = gsm ? GSM7_SEPTETS[text.charCodeAt(i)]! : w;
    if (fill + cost > cap) {
      if (parts === maxParts) return text.slice(0, i);
      parts++;
      fill = 0;
    }
    fill += cost;
    i += w;
  }
  return text;
}
