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

// A cell csv-stringify quotes under SAFE_CSV_OPTIONS: one holding the delimiter, a quote or a line break.
const NEEDS_QUOTES = /[",\n\r]/;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const safe = neutraliseCsvCell(value);
    return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  }
  if (typeof value === 'boolean') return value ? '1' : '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return csvLines([[value]]).slice(0, -1);
}

/**
 * One CSV line (with its \n), the same text csv-stringify writes with SAFE_CSV_OPTIONS (csv-safe.test.ts
 * compares them) at several times its speed: for exports of a million rows, built a batch at a time.
 */
export function csvRow(cells: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += i === 0 ? csvCell(cells[i]) : `,${csvCell(cells[i])}`;
  return `${line}\n`;
}
