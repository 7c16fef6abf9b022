import type { CountryCode } from 'libphonenumber-js/max';
import { loadPhoneNumbers } from '../../core/messaging/recipients.js';
import { isCountryCode, isEmail } from '../../core/validation/index.js';
import type { ContactFields } from './contacts.tables.js';

/** Every text field of a contact, in ClickSend's order (the export's columns, import-fields' list). */
export const CONTACT_FIELDS = [
  'phone_number',
  'first_name',
  'last_name',
  'email',
  'fax_number',
  'organization_name',
  'address_line_1',
  'address_line_2',
  'address_city',
  'address_state',
  'address_postal_code',
  'address_country',
  'custom_1',
  'custom_2',
  'custom_3',
  'custom_4',
] as const satisfies readonly (keyof ContactFields)[];

export type ContactField = (typeof CONTACT_FIELDS)[number];

/** Longest text kept in a field; longer is a 400 naming the field (an import skips the row). */
export const MAX_FIELD_LENGTH: Readonly<Record<ContactField, number>> = {
  phone_number: 32,
  fax_number: 32,
  email: 254,
  first_name: 100,
  last_name: 100,
  organization_name: 200,
  address_line_1: 200,
  address_line_2: 200,
  address_city: 100,
  address_state: 100,
  address_postal_code: 20,
  address_country: 2,
  custom_1: 1000,
  custom_2: 1000,
  custom_3: 1000,
  custom_4: 1000,
};

/**
 * What a contact is given as: any subset of the fields, as strings (the API), or as the cells of an import row.
 * Numbers are tolerated (a spreadsheet's phone column arrives as 61411111111).
 */
export type ContactInput = Partial<Record<ContactField, string | number | null | undefined>>;

export type NormalisedContact = { ok: true; fields: ContactFields } | { ok: false; field: ContactField | 'contact'; message: string };

export interface NormaliseOptions {
  /** The account's country (ISO alpha-2): local phone and fax numbers are read in it when the contact has no address_country. */
  accountCountry: string;
  /**
   * 'create' (the default): at least one of phone, email, fax or a postal address must be present.
   * 'update': only the given fields are checked (the caller merges them into the stored contact first).
   */
  mode?: 'create' | 'update';
}

/**
 * Checks and normalises a contact: trims every field (blank → null), reads phone and fax numbers with
 * libphonenumber-js in the contact's address_country (else the account's) and stores them in E.164,
 * lower-cases nothing (ClickSend keeps what was typed) but validates the e-mail's shape, upper-cases the
 * country. Shared by the API (POST/PUT contacts) and the CSV import, so both accept and refuse the same rows.
 */
export function normaliseContact(input: ContactInput, opts: NormaliseOptions): NormalisedContact {
  const fields = {} as ContactFields;
  for (const name of CONTACT_FIELDS) {
    const raw = input[name];
    const text = raw === undefined || raw === null ? '' : String(raw).trim();
    if (text.length > MAX_FIELD_LENGTH[name] && name !== 'address_country') {
      return { ok: false, field: name, message: `${name} is longer than ${MAX_FIELD_LENGTH[name]} characters.` };
    }
    fields[name] = text === '' ? null : text;
  }
  if (fields.address_country !== null) {
    if (!isCountryCode(fields.address_country)) {
      return { ok: false, field: 'address_country', message: `address_country "${fields.address_country}" is not an ISO 3166-1 alpha-2 country code.` };
    }
    fields.address_country = fields.address_country.toUpperCase();
  }
  const readIn = fields.address_country ?? opts.accountCountry;
  for (const name of ['phone_number', 'fax_number'] as const) {
    const value = fields[name];
    if (value === null) continue;
    const e164 = phoneE164(value, readIn);
    if (!e164) return { ok: false, field: name, message: `${name} "${value}" is not a valid phone number (local numbers are read in ${readIn}).` };
    fields[name] = e164;
  }
  if (fields.email !== null && !isEmail(fields.email)) {
    return { ok: false, field: 'email', message: `email "${fields.email}" is not a valid e-mail address.` };
  }
  if ((opts.mode ?? 'create') === 'create' && !reachable(fields)) {
    return { ok: false, field: 'contact', message: 'A contact needs at least one of phone_number, email, fax_number or a postal address (address_line_1).' };
  }
  return { ok: true, fields };
}

/** Whether a contact can be reached on some channel: a phone, an e-mail, a fax or a postal address. */
export function reachable(f: ContactFields): boolean {
  return f.phone_number !== null || f.email !== null || f.fax_number !== null || f.address_line_1 !== null;
}

// Digits with the separators people type (and a leading + or 00); letters are never a number.
const PHONE_TEXT = /^\+?[\d\s().\-/]{3,32}$/;

/** E.164 of a phone or fax number read in `country` when it is not international; null when it is not a valid number. */
export function phoneE164(value: string, country: string): string | null {
  if (!PHONE_TEXT.test(value)) return null;
  const lib = loadPhoneNumbers();
  // A spreadsheet drops the +: 61411111111 in an AU account is read as international when it is not a valid local number.
  const n = lib.parsePhoneNumberFromString(value, country as CountryCode);
  if (n?.isValid()) return n.number;
  if (!value.startsWith('+')) {
    const intl = lib.parsePhoneNumberFromString(`+${value.replace(/^00/, '')}`);
    if (intl?.isValid()) return intl.number;
  }
  return null;
}
