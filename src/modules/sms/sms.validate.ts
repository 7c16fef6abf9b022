import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { isCountryCode, parseSchedule } from '../../core/validation/index.js';

/** The per-message statuses of /sms/send and /sms/price (conventions §4); SUCCESS = queued. */
export type MessageStatus =
  | 'SUCCESS'
  | 'INVALID_RECIPIENT'
  | 'INVALID_SENDER_ID'
  | 'EMPTY_MESSAGE'
  | 'INSUFFICIENT_CREDIT'
  | 'INVALID_SCHEDULE'
  | 'THROTTLED'
  | 'NOT_ENOUGH_PERMISSION_TO_LIST_ID';

/** Documented test numbers (conventions §12): succeed, never charged, never dispatched. Value: their country. */
export const TEST_NUMBERS: ReadonlyMap<string, string> = new Map([
  ['+61411111111', 'AU'],
  ['+61422222222', 'AU'],
  ['+61433333333', 'AU'],
  ['+61444444444', 'AU'],
  ['+14055555555', 'US'],
  ['+14055555666', 'US'],
  ['+447777777777', 'GB'],
  ['+8615555555555', 'CN'],
]);

export interface Recipient {
  e164: string;
  country: string;
  isTest: boolean;
}

// Digits with the separators people type; anything else (letters) is not a phone number, although
// libphonenumber-js would happily find one inside "call +61411111111 now".
const PHONE_TEXT = /^\+?[\d\s().-]{3,32}$/;

/**
 * Phone parsing costs ~15 µs a number; senders message the same recipients again and again, so the
 * answers are kept (bounded: cleared when full, which is cheap and keeps memory flat).
 */
export class RecipientParser {
  private readonly cache = new Map<string, Recipient | null>();

  constructor(private readonly maxEntries = 100_000) {}

  /** E.164 and region of `to` (read in `country` when it is not international); null when it is not a valid number. */
  parse(to: string, country: string): Recipient | null {
    const key = `${country}|${to}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const value = this.parseUncached(to, country);
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(key, value);
    return value;
  }

  private parseUncached(to: string, country: string): Recipient | null {
    const raw = to.trim();
    if (!PHONE_TEXT.test(raw)) return null;
    const compact = raw.replace(/[\s().-]/g, '');
    const test = TEST_NUMBERS.get(compact.startsWith('+') ? compact : `+${compact}`);
    if (test && compact.startsWith('+')) return { e164: compact, country: test, isTest: true };
    const n = parsePhoneNumberFromString(raw, country as CountryCode);
    if (!n || !n.isValid() || !n.country) {
      return null;
    }
    const testCountry = TEST_NUMBERS.get(n.number);
    return { e164: n.number, country: n.country, isTest: testCountry !== undefined };
  }
}

/** A sender id: a phone number (digits, optional +, up to 16), or alphanumeric of at most 11 characters without spaces. */
export function isValidSenderId(from: string): boolean {
  if (/^\+?\d{3,16}$/.test(from)) return true;
  return /^[A-Za-z0-9._&'-]{1,11}$/.test(from) && /[A-Za-z]/.test(from);
}

/** A schedule this many seconds in the past still means now: the caller's clock and the request take time. */
export const SCHEDULE_GRACE_S = 60;

/**
 * `schedule` as given (number, numeric string, null) → unix seconds to send at; undefined when it is
 * malformed or in the past (INVALID_SCHEDULE). Absent, null, 0 and "" mean now.
 */
export function scheduleAt(raw: unknown, nowS: number): number | undefined {
  const s = parseSchedule(raw, nowS, { past: { refuseOlderThanS: SCHEDULE_GRACE_S } });
  return s.kind === 'now' || s.kind === 'later' ? s.at : undefined;
}

/** ISO country to read local numbers in: the message's own `country`, else the account's default_country_sms. */
export function readingCountry(country: string | undefined, fallback: string): string | undefined {
  if (country === undefined || country.trim() === '') return fallback;
  return isCountryCode(country.trim()) ? country.trim().toUpperCase() : undefined;
}

/**
 * 53-bit hash of recipient and body (cyrb53, public domain): the THROTTLED check probes an index on it
 * instead of reading every recent message to a number. Collisions only cost a comparison: the check
 * compares the stored recipient and body before calling a message a repeat.
 */
export function throttleKey(to: string, body: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const s = `${to}\u0000${body}`;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
