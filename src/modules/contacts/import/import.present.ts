import { Type, type Static } from '@sinclair/typebox';
import { DispatchStatus } from '../../../core/dispatch/index.js';
import { fileUrl } from '../../../core/files/index.js';
import type { ContactImportRow } from './import.tables.js';

/** `_import` on a list record: how far its latest import got. Additive (ClickSend shows no import progress). */
export const ImportStatus = Type.Object({
  import_id: Type.Integer(),
  status: Type.Union([Type.Literal('Queued'), Type.Literal('Processing'), Type.Literal('Completed'), Type.Literal('Failed')]),
  rows_done: Type.Integer({ description: 'Rows read so far (imported + skipped; the header row and blank lines not counted).' }),
  rows_imported: Type.Integer(),
  rows_skipped: Type.Integer(),
  skipped_url: Type.Union([Type.String(), Type.Null()], { description: 'CSV of the skipped rows (row, reason, cells) once the import has ended; null when none was skipped.' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why a Failed import stopped (rows before it are kept).' }),
  date_added: Type.Integer({ description: 'Unix time the import was queued.' }),
  started_at: Type.Union([Type.Integer(), Type.Null()], { description: 'Unix time the file was first read.' }),
  finished_at: Type.Union([Type.Integer(), Type.Null()]),
});
export type ImportStatus = Static<typeof ImportStatus>;

const STATUS: Record<string, ImportStatus['status']> = {
  [DispatchStatus.Scheduled]: 'Queued',
  [DispatchStatus.Queued]: 'Queued',
  [DispatchStatus.Processing]: 'Processing',
  [DispatchStatus.Sent]: 'Completed',
  [DispatchStatus.Failed]: 'Failed',
  [DispatchStatus.Cancelled]: 'Failed',
};

export function presentImport(row: ContactImportRow, publicUrl: string): ImportStatus {
  const imported = Number(row.rows_imported);
  const skipped = Number(row.rows_skipped);
  const status = STATUS[row.status] ?? 'Queued';
  return {
    import_id: Number(row.id),
    // A retry waiting for its turn has started: it is still processing as far as the caller can tell.
    status: status === 'Queued' && row.started_at !== null ? 'Processing' : status,
    rows_done: imported + skipped,
    rows_imported: imported,
    rows_skipped: skipped,
    skipped_url: row.skipped_file ? fileUrl(publicUrl, row.skipped_file) : null,
    error: status === 'Failed' ? (row.last_error ?? 'the import failed') : null,
    date_added: Number(row.created_at),
    started_at: row.started_at === null ? null : Number(row.started_at),
    finished_at: row.finished_at === null ? null : Number(row.finished_at),
  };
}
