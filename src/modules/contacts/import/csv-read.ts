import type { Readable } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import iconv from 'iconv-lite';

/*
 * Reading what real contact files contain: a UTF-8 BOM or none, UTF-16 (LE/BE, by BOM), Windows-1252 from older
 * spreadsheets, comma/semicolon/tab separators, quoted fields with newlines, blank lines, a header row or none.
 * Everything here streams: the detection reads only the head of the file.
 */

export type CsvEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'win1252';
export type CsvDelimiter = ',' | ';' | '\t';

/** How much of a file the detection reads (encoding, separator, header). */
export const HEAD_BYTES = 64 * 1024;
/** A record longer than this is a broken file (an unclosed quote swallowing the rest), not a contact. */
const MAX_RECORD_CHARS = 64 * 1024;

const ICONV_NAME: Record<CsvEncoding, string> = { utf8: 'utf8', utf16le: 'utf16le', utf16be: 'utf16be', win1252: 'windows1252' };
/** How _encoding names them in the preview. */
export const ENCODING_LABEL: Record<CsvEncoding, string> = { utf8: 'UTF-8', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE', win1252: 'Windows-1252' };

/**
 * The encoding of a file from its first bytes: a BOM decides; without one, UTF-16 shows as zero bytes in every other
 * position; else UTF-8 when the head is valid UTF-8 (ASCII is), else Windows-1252 (what Excel writes as "CSV").
 */
export function detectEncoding(head: Buffer): { encoding: CsvEncoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: true };
  const sample = head.subarray(0, 4096);
  if (sample.length >= 4) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i + 1 < sample.length; i += 2) {
      if (sample[i] === 0) evenZeros++;
      if (sample[i + 1] === 0) oddZeros++;
    }
    const pairs = Math.floor(sample.length / 2);
    if (oddZeros > pairs * 0.3 && evenZeros === 0) return { encoding: 'utf16le', bom: false };
    if (evenZeros > pairs * 0.3 && oddZeros === 0) return { encoding: 'utf16be', bom: false };
  }
  return { encoding: isUtf8(head) ? 'utf8' : 'win1252', bom: false };
}

/** Whether the bytes are UTF-8, tolerating a multi-byte character cut at the end of the head. */
function isUtf8(head: Buffer): boolean {
  let end = head.length;
  // Back off a possibly truncated final character (at most 3 continuation bytes and its lead).
  for (let i = 0; i < 4 && end > 0; i++) {
    const b = head[end - 1]!;
    if (b < 0x80) break;
    end--;
    if (b >= 0xc0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length === end ? head.length : end));
    return true;
  } catch {
    return false;
  }
}

/** Decodes a head buffer for detection (BOM dropped; a character cut at the end is harmless). */
export function decodeHead(head: Buffer, encoding: CsvEncoding): string {
  return iconv.decode(head, ICONV_NAME[encoding], { stripBOM: true });
}

/**
 * The separator of the first lines: the candidate that appears outside quotes the same non-zero number of times on
 * the most lines (a comma inside "Smith, John" is not counted). A single column has none: comma then.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const lines = logicalLines(text, 20);
  let best: { d: CsvDelimiter; score: number } = { d: ',', score: 0 };
  for (const d of [',', ';', '\t'] as const) {
    const counts = new Map<number, number>();
    for (const line of lines) {
      const n = countOutsideQuotes(line, d);
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const score = Math.max(0, ...counts.values());
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

/** The first `max` non-blank lines, a quoted newline kept inside its line (the last line of a head may be cut short). */
function logicalLines(text: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && out.length <= max; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if ((ch === 10 || ch === 13) && !quoted) {
      const line = text.slice(start, i);
      if (line.trim() !== '') out.push(line);
      start = i + 1;
    }
  }
  if (out.length <= max) {
    const last = text.slice(start);
    if (last.trim() !== '') out.push(last);
    return out.length > 1 ? out.slice(0, -1) : out;
  }
  return out.slice(0, max);
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/** A streaming parser of decoded text: records as string arrays, blank lines skipped, ragged rows allowed. */
export function csvParser(delimiter: CsvDelimiter, maxRecords?: number): Parser {
  return parse({
    ...(maxRecords ? { to: maxRecords } : {}),
    delimiter,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
  });
}

/** bytes → text (BOM dropped) → records. Errors of either stage surface in the returned parser. */
export function parseStream(bytes: Readable, encoding: CsvEncoding, delimiter: CsvDelimiter): Parser {
  const decoder = iconv.decodeStream(ICONV_NAME[encoding], { stripBOM: true });
  const parser = csvParser(delimiter);
  bytes.on('error', (err) => parser.destroy(err));
  decoder.on('error', (err: Error) => parser.destroy(err));
  bytes.pipe(decoder).pipe(parser);
  return parser;
}

/** Whether every cell of a record is blank (",,," lines that spreadsheets write for empty rows). */
export const isBlankRecord = (cells: readonly string[]) => cells.every((c) => c.trim() === '');
