import type { Generated, Insertable, Selectable } from 'kysely';

export interface UploadsTable {
  id: Generated<number>;
  account_id: number;
  subaccount_id: number;
  /** Name in the FileStore (GUID.pdf); also the capability in its URL. */
  file_name: string;
  convert_to: string;
  /** What the uploaded bytes were (pdf, docx, png, …), detected from their content. */
  source_type: string;
  source_bytes: number;
  stored_bytes: number;
  /** Unix seconds. */
  date_added: number;
  /** Unix seconds: the sweeper deletes the file and this row from then on. */
  date_delete: number;
}

export type UploadRow = Selectable<UploadsTable>;
export type NewUpload = Insertable<UploadsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    uploads: UploadsTable;
  }
}
