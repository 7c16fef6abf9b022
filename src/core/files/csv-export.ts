import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { SAFE_CSV_OPTIONS } from './csv-safe.js';
import type { FileStore } from './types.js';

/**
 * Streams rows into a CSV file in the store: the rows come from an async iterable (a repository
 * reading in keyset batches), so a million records never sit in memory at once. Every cell passes the
 * formula neutraliser (csv-safe.ts): exports hold what customers typed.
 */
export async function writeCsv(store: FileStore, name: string, header: readonly string[], rows: AsyncIterable<readonly unknown[]>): Promise<void> {
  const csv = stringify({ ...SAFE_CSV_OPTIONS, header: true, columns: header as string[] });
  const source = Readable.from(rows);
  source.on('error', (err) => csv.destroy(err));
  source.pipe(csv);
  // An export is fetched once: stored as generated, so it is deleted EXPORT_TTL later.
  await store.put(name, csv, { generated: 'export' });
}
