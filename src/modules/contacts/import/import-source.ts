import { ApiError } from '../../../core/errors/index.js';
import { FetchError, fetchErrorToApiError, type SafeFetcher } from '../../../core/fetch/index.js';
import type { FileStore } from '../../../core/files/index.js';
import { ownFileName } from '../../post/index.js';
import { csvParser, decodeHead, detectDelimiter, detectEncoding, HEAD_BYTES, isBlankRecord, type CsvDelimiter, type CsvEncoding } from './csv-read.js';
import { isHeaderWord } from './import-fields.js';

/** What the import needs to know of a file before it streams it, and the preview shows. */
export interface FileHead {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  hasHeader: boolean;
  /** The first records (blank ones left out). */
  rows: string[][];
}

export interface SourceDeps {
  files: FileStore;
  fetcher: SafeFetcher;
  /** Largest remote file (CONTACT_IMPORT_URL_MAX_BYTES). */
  urlMaxBytes: number;
}

/** The FileStore name of an own /files/ URL (an upload's _url), or undefined for someone else's URL. */
export function ownSource(url: string, origins: readonly string[]): string | undefined {
  return ownFileName(url, origins);
}

/** The first HEAD_BYTES of a stored file; undefined when it is gone. */
export async function storedHead(files: FileStore, name: string): Promise<Buffer | undefined> {
  const opened = await files.stream(name);
  if (!opened) return undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of opened.stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= HEAD_BYTES) break;
    }
  } finally {
    opened.stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

/** A remote file, whole (bounded by urlMaxBytes), through the SafeFetcher; a 400 naming file_url when it cannot be had. */
export async function fetchRemote(d: SourceDeps, url: string): Promise<Buffer> {
  try {
    return (await d.fetcher.fetch(url, { maxBytes: d.urlMaxBytes, accept: 'text/csv, text/plain, */*' })).body;
  } catch (err) {
    if (err instanceof FetchError) throw fetchErrorToApiError(err, 'file_url');
    throw err;
  }
}

/** The head of the file at file_url (own files from the FileStore, others through the SafeFetcher), and whether it is all of it. */
export async function headOf(d: SourceDeps, url: string, origins: readonly string[]): Promise<{ head: Buffer; whole: boolean }> {
  const own = ownSource(url, origins);
  if (own === undefined) {
    const body = await fetchRemote(d, url);
    return { head: body.subarray(0, HEAD_BYTES), whole: body.length <= HEAD_BYTES };
  }
  const head = await storedHead(d.files, own);
  if (!head) throw missingFile(own);
  return { head, whole: ((await d.files.stat(own))?.size ?? 0) <= head.length };
}

export function missingFile(name: string): ApiError {
  return ApiError.badRequest(
    `file_url points at ${name} on this server, which does not exist or has expired (uploads are deleted after UPLOAD_TTL); upload the file again with POST /uploads?convert=csv.`,
  );
}

/**
 * Encoding, separator, header and first rows from a file's head. `whole` says the head is the entire file; when it is
 * not, its last record may be cut short and is dropped.
 */
export async function readHead(head: Buffer, whole: boolean, maxRows = 10): Promise<FileHead> {
  const { encoding } = detectEncoding(head);
  const text = decodeHead(head, encoding);
  const delimiter = detectDelimiter(text);
  // One record past what is shown: a head cut short loses at most its last record.
  const parser = csvParser(delimiter, maxRows + 1);
  const rows: string[][] = [];
  parser.on('readable', () => {
    for (let r = parser.read() as string[] | null; r; r = parser.read() as string[] | null) if (!isBlankRecord(r)) rows.push(r);
  });
  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    // A head cut inside a quoted field ends in an error: the records before it are what we wanted.
    parser.on('error', () => resolve());
  });
  parser.end(text);
  await done;
  const complete = whole || rows.length > maxRows ? rows : rows.slice(0, -1);
  return { encoding, delimiter, hasHeader: detectHeader(complete), rows: complete.slice(0, maxRows) };
}

/** Something a contact row holds and a title row does not: an e-mail address or a run of digits. */
const DATA_CELL = /@|\d{5}/;

/**
 * Whether the first row names the columns: one of its cells is a field name or a usual heading ("Mobile", "E-mail"),
 * or it holds no e-mail address or number while the next row does.
 */
export function detectHeader(rows: readonly string[][]): boolean {
  const [first, second] = rows;
  if (!first) return false;
  if (first.some(isHeaderWord)) return true;
  return !first.some((c) => DATA_CELL.test(c)) && second !== undefined && second.some((c) => DATA_CELL.test(c));
}
