import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js/max';
import { isCountryCode } from '../validation/index.js';

/** Documented SMS/MMS/voice test numbers (conventions §12): succeed, never charged, never dispatched. Value: their country. */
type PhoneLib = typeof import('libphonenumber-js/max');
let phoneLib: PhoneLib | undefined;
/**
 * libphonenumber-js with its full metadata (a tenth of a second to load), on the first number parsed instead of at
 * start-up; serve() loads it right after listen. Synchronous (require), as parsing is.
 */
export function loadPhoneNumbers(): PhoneLib {
  phoneLib ??= createRequire(import.meta.url)('libphonenumber-js/max') as PhoneLib;
  return phoneLib;
}

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

/** A phone number as read: E.164, its region, and whether it is one of the channel's documented test numbers. */
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
 * answers are kept (bounded: cleared when full, which is cheap and keeps memory flat). `testNumbers`
 * is the channel's list (fax has its own, conventions §12).
 */
export class RecipientParser {
  private readonly cache = new Map<string, Recipient | null>();

  constructor(
    private readonly maxEntries = 100_000,
    private readonly testNumbers: ReadonlyMap<string, string> = TEST_NUMBERS,
  ) {}

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
    const test = this.testNumbers.get(compact.startsWith('+') ? compact : `+${compact}`);
    if (test && compact.startsWith('+')) return { e164: compact, country: test, isTest: true };
    const n = loadPhoneNumbers().parsePhoneNumberFromString(raw, country as CountryCode);
    if (!n?.isValid() || !n.country) {
      return null;
    }
    const testCountry = this.testNumbers.get(n.number);
    return { e164: n.number, country: n.country, isTest: testCountry !== undefined };
  }
}

/** ISO country to read local numbers in: the message's own `country`, else the account default (default_country_sms). */
export function readingCountry(country: string | undefined, fallback: string): string | undefined {
  if (country === undefined || country.trim() === '') return fallback;
  return isCountryCode(country.trim()) ? country.trim().toUpperCase() : undefined;
}
