import { countries } from '../../../core/validation/index.js';

/** The documented detect-address result: ClickSend's address fields, every one a string ("" when not found). */
export interface DetectedAddress {
  address_name: string;
  address_line_1: string;
  address_line_2: string;
  address_city: string;
  address_state: string;
  address_postal_code: string;
  address_country: string;
}

export const EMPTY_ADDRESS: DetectedAddress = {
  address_name: '',
  address_line_1: '',
  address_line_2: '',
  address_city: '',
  address_state: '',
  address_postal_code: '',
  address_country: '',
};

interface Locality {
  city: string;
  state: string;
  postcode: string;
  country: string;
}

const AU_STATES = 'NSW|VIC|QLD|WA|SA|TAS|ACT|NT';
const CA_PROVINCES = 'AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT';
// The 50 states, DC, the territories and the military "states" USPS accepts.
const US_STATES = 'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR|GU|VI|AS|MP|AA|AE|AP';
const SEP = '[\\s,]+';
const GB_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/i;

/** One line's reading as "town, state, postcode" in a country's usual layout. */
const ONE_LINE: Array<{ country: string; pattern: RegExp; read: (m: RegExpExecArray) => Omit<Locality, 'country'> }> = [
  { country: 'AU', pattern: new RegExp(`^(.+?)${SEP}(${AU_STATES})${SEP}(\\d{4})$`, 'i'), read: (m) => ({ city: m[1]!, state: m[2]!, postcode: m[3]! }) },
  {
    country: 'CA',
    pattern: new RegExp(`^(.+?)${SEP}(${CA_PROVINCES})${SEP}([A-Z]\\d[A-Z])\\s?(\\d[A-Z]\\d)$`, 'i'),
    read: (m) => ({ city: m[1]!, state: m[2]!, postcode: `${m[3]} ${m[4]}` }),
  },
  { country: 'US', pattern: new RegExp(`^(.+?)${SEP}(${US_STATES})${SEP}(\\d{5}(?:-\\d{4})?)$`, 'i'), read: (m) => ({ city: m[1]!, state: m[2]!, postcode: m[3]! }) },
  { country: 'GB', pattern: /^(.+?)[\s,]+([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})$/i, read: (m) => ({ city: m[1]!, state: '', postcode: gbPostcode(m[2]!) }) },
  { country: 'NZ', pattern: /^(.+?)[\s,]+(\d{4})$/, read: (m) => ({ city: m[1]!, state: '', postcode: m[2]! }) },
];

function gbPostcode(raw: string): string {
  const m = GB_POSTCODE.exec(raw.trim());
  return m ? `${m[1]} ${m[2]}`.toUpperCase() : raw.toUpperCase();
}

const isUpper = (s: string) => s === s.toUpperCase() && /[A-Z]/.test(s);

// Names the post uses that i18n-iso-countries does not know.
const COUNTRY_ALIASES: Record<string, string> = { UK: 'GB', US: 'US', ENGLAND: 'GB', SCOTLAND: 'GB', WALES: 'GB', 'NORTHERN IRELAND': 'GB', 'U.K.': 'GB', 'U.S.A': 'US', AOTEAROA: 'NZ' };

/** An alpha-2 code when the whole line names a country ("AUSTRALIA", "United States", "UK"). */
export function countryOf(line: string): string | undefined {
  const text = line.trim().replace(/\.$/, '');
  if (text.length < 2 || text.length > 60 || /\d/.test(text)) return undefined;
  const alias = COUNTRY_ALIASES[text.toUpperCase()];
  if (alias) return alias;
  // Two-letter lines are too easily a state or initials to be read as a country code.
  if (text.length <= 2) return undefined;
  return countries.getAlpha2Code(text, 'en') ?? undefined;
}

/** Reads the town line(s) at the end of `lines`; how many lines it used, or undefined. */
function readLocality(lines: string[], country: string | undefined): { locality: Locality; used: number } | undefined {
  const last = lines.at(-1);
  if (!last) return undefined;
  if (GB_POSTCODE.test(last) && (!country || country === 'GB') && lines.length >= 2) {
    // Royal Mail: post town (capitals), optional county, postcode alone on the last line.
    const before = lines.at(-2)!;
    const town = lines.at(-3);
    if (town && lines.length >= 4 && isUpper(town) && !isUpper(before)) {
      return { locality: { city: town, state: before, postcode: gbPostcode(last), country: 'GB' }, used: 3 };
    }
    return { locality: { city: before, state: '', postcode: gbPostcode(last), country: 'GB' }, used: 2 };
  }
  const candidates = country ? [...ONE_LINE.filter((p) => p.country === country), ...ONE_LINE.filter((p) => p.country !== country)] : ONE_LINE;
  for (const { country: layout, pattern, read } of candidates) {
    const m = pattern.exec(last);
    if (!m) continue;
    const found = read(m);
    return {
      locality: { city: found.city.replace(/,$/, '').trim(), state: found.state.toUpperCase(), postcode: found.postcode.toUpperCase(), country: country ?? layout },
      used: 1,
    };
  }
  return undefined;
}

const STREET_START = /^(\d|P\.?\s?O\.?\s+Box|Unit|Level|Suite|Flat|Apt|Apartment|GPO|Locked Bag|RD\s?\d)/i;

export interface ParsedAddress {
  address: DetectedAddress;
  /** Fields that could not be read from the lines. */
  missing: Array<keyof DetectedAddress>;
}

/**
 * Splits the lines of an address block into ClickSend's fields, for the usual layouts of AU, US, CA, GB and
 * NZ: name, street line(s), then the town line ("PERTH WA 6000", "Springfield, IL 62701", "TORONTO ON M5V 2T6",
 * "LONDON" + "SW1A 1AA", "Auckland 1010"), then optionally the country.
 */
export function parseAddressLines(input: string[]): ParsedAddress | undefined {
  const lines = input.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (lines.length === 0) return undefined;
  let country: string | undefined;
  if (lines.length > 1) {
    country = countryOf(lines.at(-1)!);
    if (country) lines.pop();
  }
  const found = readLocality(lines, country);
  const body = found ? lines.slice(0, lines.length - found.used) : lines;
  // A block that starts with a street number has no name line (free-text addresses often don't).
  const hasName = body.length > 0 && !STREET_START.test(body[0]!);
  const [name, line1, ...rest] = hasName ? body : ['', ...body];
  const address: DetectedAddress = {
    address_name: name ?? '',
    address_line_1: line1 ?? '',
    address_line_2: rest.join(', '),
    address_city: found?.locality.city ?? '',
    address_state: found?.locality.state ?? '',
    address_postal_code: found?.locality.postcode ?? '',
    address_country: found?.locality.country ?? country ?? '',
  };
  const missing = (['address_name', 'address_line_1', 'address_city', 'address_postal_code', 'address_country'] as const).filter((k) => !address[k]);
  return { address, missing };
}
