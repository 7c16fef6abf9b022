import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { newFileName, SAFE_CSV_OPTIONS, type FileStore } from '../../../core/files/index.js';
import type { ContactImportsRepository } from './import.repository.js';

const PAGE = 1000;

/**
 * The CSV of an import's skipped rows: row (the record's number in the file, the header row counting as 1, blank lines
 * not counted), reason, then the row's cells as read, under the field_order names. Streamed from the table in keyset
 * pages; every cell passes the formula neutraliser (these are what customers typed). Stored as a generated file, so it
 * is deleted EXPORT_TTL later. Returns its FileStore name.
 */
export async function writeSkippedCsv(files: FileStore, repo: ContactImportsRepository, importId: number, fieldOrder: readonly (string | null)[]): Promise<string> {
  const name = newFileName('csv');
  async function* rows(): AsyncGenerator<unknown[]> {
    yield ['row', 'reason', ...fieldOrder.map((f, i) => f ?? `column_${i + 1}`)];
    for (let after = 0; ; ) {
      const page = await repo.skipsAfter(importId, after, PAGE);
      for (const s of page) yield [Number(s.row_number), s.reason, ...(JSON.parse(s.cells) as string[])];
      if (page.length < PAGE) return;
      after = Number(page[page.length - 1]!.id);
    }
  }
  // Rows have as many cells as the file's row had: a ragged CSV, as the source may be.
  const csv = stringify({ ...SAFE_CSV_OPTIONS });
  const piped = pipeline(Readable.from(rows()), csv);
  await Promise.all([piped, files.put(name, csv, { generated: 'export' })]);
  return name;
}
