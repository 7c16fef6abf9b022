import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { csvRow, SAFE_CSV_OPTIONS } from './csv-safe.js';
import type { FileStore } from './types.js';

/**
 * Streams rows into a CSV file in the store: the rows come from an async iterable (a repository
 * reading in keyset batches), so a million records never sit in memory at once. Every cell passes the
 * formula neutraliser (csv-safe.ts): exports hold what customers typed.
 */
export async function writeCsv(store: FileStore, name: string, header: readonly string[], rows: AsyncIterable<readonly unknown[]>): Promise<void> {
  const csv = stringify({ ...SAFE_CSV_OPTIONS, header: true, columns: header as string[] });
  // pipeline() destroys the CSV stream when reading rows fails (a database error mid-export), so the store's
  // write rejects too; both promises are awaited, so no failure is left unhandled to crash the process.
  const piped = pipeline(Readable.from(rows), csv);
  // An export is fetched once: stored as generated, so it is deleted EXPORT_TTL later.
  await Promise.all([piped, store.put(name, csv, { generated: 'export' })]);
}

/**
 * writeCsv for readers that hand rows over a batch at a time (a keyset page): each batch becomes one chunk of
 * text (csvRow, the same cells and neutraliser), so the cost per row is the formatting alone, not a stream
 * write per row. For the largest exports (contact lists).
 */
export async function writeCsvBatches(store: FileStore, name: string, header: readonly string[], batches: AsyncIterable<ReadonlyArray<readonly unknown[]>>): Promise<void> {
  async function* text() {
    yield csvRow(header);
    for await (const batch of batches) {
      let chunk = '';
      for (const row of batch) chunk += csvRow(row);
      if (chunk) yield chunk;
    }
  }
  // Readable.from rejects the store's write when reading fails midway, as in writeCsv.
  await store.put(name, Readable.from(text()), { generated: 'export' });
}
