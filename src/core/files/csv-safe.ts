import type { Options } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';

/** What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), TAB and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A plain decimal number, signed or not ("-12.50", "+61411111111"): a spreadsheet reads it as a number,
 * never as a formula, so it is left as it is; phone numbers and prices stay parseable for programs.
 */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A CSV cell as it is safe to open in a spreadsheet: a string that a spreadsheet would run as a formula
 * (=, +, -, @, TAB or CR first) gets a leading single quote, as OWASP recommends, so "=HYPERLINK(…)" in a
 * customer's address name shows as text in the operator's spreadsheet. Only strings are touched: numbers
 * (a negative price) and strings that are a plain number stay as they are.
 */
export function neutraliseCsvCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** csv-stringify options every CSV the server writes uses, so every cell passes the neutraliser. */
export const SAFE_CSV_OPTIONS: Options = Object.freeze({ bom: false, cast: { string: (value: string) => neutraliseCsvCell(value) } });

/** Rows as CSV text (a header row is just the first row), for writers that append lines (the print manifest). */
export function csvLines(rows: ReadonlyArray<readonly unknown[]>): string {
  return stringify(rows as unknown[][], SAFE_CSV_OPTIONS);
}
