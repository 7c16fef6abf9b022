import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FileStore } from './types.js';

/**
 * Streams rows into a CSV file in the store: the rows come from an async iterable (a repository
 * reading in keyset batches), so a million records never sit in memory at once.
 */
export async function writeCsv(store: FileStore, name: string, header: readonly string[], rows: AsyncIterable<readonly unknown[]>): Promise<void> {
  const csv = stringify({ header: true, columns: header as string[], bom: false });
  const source = Readable.from(rows);
  source.on('error', (err) => csv.destroy(err));
  source.pipe(csv);
  await store.put(name, csv);
}
