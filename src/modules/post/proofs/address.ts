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

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
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

/** The recipient block, line by line; the country line only when it differs from the sender's. */
export function recipientLines(recipient: Address, senderCountry?: string): string[] {
  const lines = [clean(recipient.address_name), clean(recipient.address_line_1), clean(recipient.address_line_2), ...localityLines(recipient)];
  const to = clean(recipient.address_country).toUpperCase();
  if (to && to !== clean(senderCountry).toUpperCase()) lines.push(countryLine(to));
  return lines.filter(Boolean);
}

/** The return address, compact (at most three lines): it is printed small above the recipient. */
export function returnAddressLines(sender: Address, recipientCountry?: string): string[] {
  const from = clean(sender.address_country).toUpperCase();
  const country = from && from !== clean(recipientCountry).toUpperCase() ? countryLine(from) : '';
  return [clean(sender.address_name), join([sender.address_line_1, sender.address_line_2], ', '), join([...localityLines(sender), country], ', ')].filter(Boolean);
}
