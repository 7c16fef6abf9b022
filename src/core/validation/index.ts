import { Type } from '@sinclair/typebox';
import { countries } from './countries.js';

export { countries };

/** ISO 3166-1 alpha-2, case-insensitive ("au" is AU). */
export function isCountryCode(value: string): boolean {
  return /^[A-Za-z]{2}$/.test(value) && countries.isValid(value.toUpperCase());
}

let zones: Set<string> | undefined;
/** IANA zone names known to this Node's ICU (plus UTC). */
export function timezones(): string[] {
  return [...timezoneSet()];
}
function timezoneSet(): Set<string> {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return zones;
}
export function isTimezone(value: string): boolean {
  if (timezoneSet().has(value)) return true;
  try {
    // Accept aliases ICU knows (e.g. "Australia/ACT") even when not in the canonical list.
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// Deliberately loose: one @, something on each side, a dot in the domain. Deliverability is the mail server's call.
export const isEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254;

/** 0/1 flags; ClickSend clients send numbers, PHP-style clients sometimes "0"/"1" or booleans. */
export const Flag = Type.Integer({ minimum: 0, maximum: 1, description: '0 or 1' });

export const NonEmpty = (maxLength = 200, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const IdParam = (name: string) => Type.Object({ [name]: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export { ADDRESS_FIELDS, type AddressField, addressFields, addressRecordFields, Address } from './address.js';
export { MAX_UNIX_SECONDS } from './time.js';
export { parseSchedule, type Schedule, type ScheduleRules } from './schedule.js';
