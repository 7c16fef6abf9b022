/**
 * Contact-import fixtures, made by code: CSV bytes in the encodings real files come in, uploads through
 * POST /uploads?convert=csv, and waiting for an import to end (its `_import` on GET /lists/{id}).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import type { TestServer } from './server.js';
import { waitFor } from './sms.js';

type Who = { username: string; apiKey: string };

/** An Australian mobile, local form (0412 …), distinct per n. */
export const localMobile = (n: number) => `04${String(12_000_000 + n).padStart(8, '0')}`;
export const e164Mobile = (n: number) => `+614${String(12_000_000 + n).padStart(8, '0')}`;

/** Rows as CSV text with the given separator, quoting what needs it. */
export function csvText(rows: readonly (readonly string[])[], sep = ',', eol = '\r\n'): string {
  const cell = (c: string) => (c.includes(sep) || c.includes('"') || c.includes('\n') || c.includes('\r') ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(cell).join(sep)).join(eol) + eol;
}

export const encode = {
  utf8: (text: string) => Buffer.from(text, 'utf8'),
  utf8Bom: (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
  win1252: (text: string) => iconv.encode(text, 'windows1252'),
  utf16leBom: (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
  utf16beBom: (text: string) => iconv.encode(text, 'utf16be', { addBOM: true }),
};

export async function createList(s: TestServer, name: string, as?: Who): Promise<number> {
  const r = await s.request('POST', '/v3/lists', { body: { list_name: name }, ...(as ? { as } : {}) });
  if (r.status !== 200) throw new Error(`POST /lists: ${JSON.stringify(r.body)}`);
  return r.body.data.list_id as number;
}

/** POST /uploads?convert=csv; the stored file's URL. */
export async function uploadCsv(s: TestServer, bytes: Buffer, as?: Who): Promise<string> {
  const r = await s.request('POST', '/v3/uploads?convert=csv', { body: { content: bytes.toString('base64') }, ...(as ? { as } : {}) });
  if (r.status !== 200) throw new Error(`POST /uploads?convert=csv: ${JSON.stringify(r.body)}`);
  return r.body.data._url as string;
}

export function startImport(s: TestServer, listId: number, fileUrl: string, fieldOrder: string[], extra: object = {}, as?: Who) {
  return s.request('POST', `/v3/lists/${listId}/import`, { body: { file_url: fileUrl, field_order: fieldOrder, ...extra }, ...(as ? { as } : {}) });
}

/** Waits until the list's latest import has ended; its `_import`. */
export function importEnded(s: TestServer, listId: number, timeoutMs = 60_000): Promise<Record<string, any>> {
  return waitFor(
    `the import into list ${listId} to end`,
    async () => {
      const r = await s.request('GET', `/v3/lists/${listId}`);
      const imp = r.body.data?._import;
      return imp && (imp.status === 'Completed' || imp.status === 'Failed') ? imp : undefined;
    },
    timeoutMs,
  );
}

/** The list's contacts as stored, in insertion order. */
export function storedContacts(s: TestServer, listId: number) {
  return s.dbh.db.selectFrom('contacts').selectAll().where('list_id', '=', listId).orderBy('id').execute();
}

/** GET of a /files/ URL: the body as text. */
export async function fetchText(url: string): Promise<string> {
  const r = await fetch(url);
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
  return r.text();
}

/**
 * A spreadsheet made from CSV by LibreOffice (the test's own fixture maker), or the reason it cannot be made here:
 * spreadsheets need LibreOffice Calc (apt-get install libreoffice-calc-nogui), not only Writer.
 */
export async function spreadsheetFromCsv(csv: string, to: 'xlsx' | 'ods' | 'xls'): Promise<Buffer | string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-sheet-'));
  try {
    fs.writeFileSync(path.join(dir, 'contacts.csv'), csv);
    const profile = pathToFileURL(path.join(dir, 'profile')).href;
    // The input filter says UTF-8 and comma: without it LibreOffice reads the CSV in the system's 8-bit charset.
    await promisify(execFile)(
      process.env.SOFFICE_PATH || 'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=${profile}`, '--infilter=CSV:44,34,76,1', '--convert-to', to, '--outdir', dir, path.join(dir, 'contacts.csv')],
      { timeout: 120_000 },
    );
    const out = path.join(dir, `contacts.${to}`);
    return fs.existsSync(out) ? fs.readFileSync(out) : 'needs LibreOffice Calc to make spreadsheets: apt-get install libreoffice-calc-nogui';
  } catch (err) {
    return `needs LibreOffice (soffice) to make spreadsheets: ${(err as Error).message.slice(0, 200)}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
