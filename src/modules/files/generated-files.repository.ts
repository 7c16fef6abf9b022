import type { Db } from '../../core/db/index.js';
import type { GeneratedFileRow, NewGeneratedFile } from './generated-files.tables.js';
import './generated-files.tables.js';

/** SQL for the generated_files table. */
export class GeneratedFilesRepository {
  constructor(private readonly db: Db) {}

  async insert(values: NewGeneratedFile): Promise<void> {
    await this.db.insertInto('generated_files').values(values).execute();
  }

  async dateDelete(fileName: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('generated_files').select('date_delete').where('file_name', '=', fileName).executeTakeFirst();
    return row ? Number(row.date_delete) : undefined;
  }

  /** The oldest generated files whose date_delete has come, up to `limit`. */
  expired(nowSeconds: number, limit: number): Promise<Array<Pick<GeneratedFileRow, 'id' | 'file_name'>>> {
    return this.db.selectFrom('generated_files').select(['id', 'file_name']).where('date_delete', '<=', nowSeconds).orderBy('date_delete').orderBy('id').limit(limit).execute();
  }

  async deleteIds(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('generated_files').where('id', 'in', ids).execute();
  }
}
