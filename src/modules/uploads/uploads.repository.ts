import type { Db } from '../../core/db/index.js';
import type { NewUpload, UploadRow } from './uploads.tables.js';
import './uploads.tables.js';

/** SQL for the uploads table. */
export class UploadsRepository {
  constructor(private readonly db: Db) {}

  insert(values: NewUpload): Promise<UploadRow> {
    return this.db.insertInto('uploads').values(values).returningAll().executeTakeFirstOrThrow();
  }

  findByFileName(fileName: string): Promise<UploadRow | undefined> {
    return this.db.selectFrom('uploads').selectAll().where('file_name', '=', fileName).executeTakeFirst();
  }

  /** The oldest uploads whose date_delete has come, up to `limit`. */
  expired(nowSeconds: number, limit: number): Promise<Array<Pick<UploadRow, 'id' | 'file_name'>>> {
    return this.db.selectFrom('uploads').select(['id', 'file_name']).where('date_delete', '<=', nowSeconds).orderBy('date_delete').orderBy('id').limit(limit).execute();
  }

  async deleteIds(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('uploads').where('id', 'in', ids).execute();
  }
}
