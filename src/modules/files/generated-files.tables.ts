import type { Generated, Insertable, Selectable } from 'kysely';

export interface GeneratedFilesTable {
  id: Generated<number>;
  /** Name in the FileStore (GUID.csv); also the capability in its URL. */
  file_name: string;
  /** Which TTL applies: 'export' (EXPORT_TTL). */
  kind: string;
  /** Unix seconds. */
  date_added: number;
  /** Unix seconds: from then on GET /files answers 404 and the sweep deletes the file and this row. */
  date_delete: number;
}

export type GeneratedFileRow = Selectable<GeneratedFilesTable>;
export type NewGeneratedFile = Insertable<GeneratedFilesTable>;

declare module '../../core/db/types.js' {
  interface Database {
    generated_files: GeneratedFilesTable;
  }
}
