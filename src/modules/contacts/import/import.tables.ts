import type { Generated, Selectable } from 'kysely';
import type { DispatchColumns } from '../../../core/dispatch/index.js';

/** One contact import: a dispatch job (status, lease, attempts) with its progress. Times are unix seconds. */
export interface ContactImportsTable extends DispatchColumns {
  id: Generated<number>;
  account_id: number;
  subaccount_id: number;
  list_id: number;
  file_url: string;
  /** JSON array of contact fields, one per column ('' = ignored). */
  field_order: string;
  /** 1/0 once known (given by the caller or detected on the first claim); null until then. */
  has_header: number | null;
  /** 'utf8' | 'utf16le' | 'utf16be' | 'win1252', detected on the first claim. */
  encoding: string | null;
  delimiter: string | null;
  /** FileStore name of the bytes being imported (the upload itself, or a copy of a remote file). */
  source_file: string | null;
  /** Records the parser has handed over and that are committed (the header included): where a restart resumes. */
  rows_consumed: Generated<number>;
  rows_imported: Generated<number>;
  rows_skipped: Generated<number>;
  /** FileStore name of the CSV of skipped rows, written when the job ends. */
  skipped_file: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** A skipped row, kept until the job ends and writes them all into its CSV. */
export interface ContactImportSkipsTable {
  id: Generated<number>;
  import_id: number;
  row_number: number;
  reason: string;
  /** JSON array of the row's cells. */
  cells: string;
}

export type ContactImportRow = Selectable<ContactImportsTable>;

declare module '../../../core/db/types.js' {
  interface Database {
    contact_imports: ContactImportsTable;
    contact_import_skips: ContactImportSkipsTable;
  }
}
