import { countries } from '../../../core/validation/index.js';

/** A postal address in ClickSend's field names (recipients, return addresses, detect-address results). */
export interface Address {
  address_name: string;
  address_line_1: string;
  address_line_2?: string | null | undefined;
  address_city: string;
  address_state: string;
  address_postal_code: string;
  address_country: string;
}

// Countries whose post writes the postal code before the town ("75008 PARIS", "10115 BERLIN").
const POSTCODE_FIRST = new Set(['AT', 'BE', 'CH', 'DE', 'DK', 'ES', 'FI', 'FR', 'IS', 'IT', 'LU', 'NL', 'NO', 'PL', 'PT', 'SE']);

// NFC: an accent sent as a combining mark prints as the precomposed letter the fonts draw best.
const clean = (s: string | null | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
const join = (parts: Array<string | null | undefined>, sep = ' ') => parts.map(clean).filter(Boolean).join(sep);

/** The town line(s) as the destination's post prints them, in capitals as the AU, US, CA, GB and NZ posts ask. */
export function localityLines(a: Address): string[] {
  const country = clean(a.address_country).toUpperCase();
  const city = clean(a.address_city).toUpperCase();
  const state = clean(a.address_state).toUpperCase();
  const postcode = clean(a.address_postal_code).toUpperCase();
  switch (true) {
    case country === 'GB':
      // Royal Mail: post town and postcode on lines of their own; the county is not needed.
      return [city, postcode].filter(Boolean);
    case country === 'NZ':
      return [join([city, postcode])].filter(Boolean);
    case POSTCODE_FIRST.has(country):
      return [join([postcode, city])].filter(Boolean);
    default:
      return [join([city, state, postcode])].filter(Boolean);
  }
}

/** English country name in capitals, for the last line of international mail. */
export function countryLine(code: string): string {
  const c = clean(code).toUpperCase();
  return (countries.getName(c, 'en') ?? c).toUpperCase();
}

/** One printed line and the field(s) it comes from, so a line that cannot be printed names what to fix. */
export interface AddressLine {
  text: string;
  field: string;
}

const LOCALITY_FIELDS = 'address_city, address_state, address_postal_code';

/** The recipient block, line by line, with their fields; the country line only when it differs from the sender's. */
export function recipientLineFields(recipient: Address, senderCountry?: string): AddressLine[] {
  const lines: AddressLine[] = [
    { text: clean(recipient.address_name), field: 'address_name' },
    { text: clean(recipient.address_line_1), field: 'address_line_1' },
    { text: clean(recipient.address_line_2), field: 'address_line_2' },
    ...localityLines(recipient).map((text) => ({ text, field: LOCALITY_FIELDS })),
  ];
  const to = clean(recipient.address_country).toUpperCase();
  if (to && to !== clean(senderCountry).toUpperCase()) lines.push({ text: countryLine(to), field: 'address_country' });
  return lines.filter((l) => l.text);
}

/** The recipient block, line by line; the country line only when it differs from the sender's. */
export function recipientLines(recipient: Address, senderCountry?: string): string[] {
  return recipientLineFields(recipient, senderCountry).map((l) => l.text);
}

/** The return address, compact (at most three lines) with their fields: it is printed small above the recipient. */
export function returnAddressLineFields(sender: Address, recipientCountry?: string): AddressLine[] {
  const from = clean(sender.address_country).toUpperCase();
  const country = from && from !== clean(recipientCountry).toUpperCase() ? countryLine(from) : '';
  return [
    { text: clean(sender.address_name), field: 'address_name' },
    { text: join([sender.address_line_1, sender.address_line_2], ', '), field: 'address_line_1, address_line_2' },
    { text: join([...localityLines(sender), country], ', '), field: `${LOCALITY_FIELDS}, address_country` },
  ].filter((l) => l.text);
}

/** The return address, compact (at most three lines): it is printed small above the recipient. */
export function returnAddressLines(sender: Address, recipientCountry?: string): string[] {
  return returnAddressLineFields(sender, recipientCountry).map((l) => l.text);
}
