import type { FileStore } from './types.js';

/** A table of files with a deletion date, as its owning module's repository exposes it. */
export interface ExpiringFileRows {
  /** The oldest rows whose date_delete has come, up to `limit`. */
  expired(nowSeconds: number, limit: number): Promise<Array<{ id: number | bigint | string; file_name: string }>>;
  deleteIds(ids: number[]): Promise<void>;
}

const SWEEP_BATCH = 500;

/**
 * Deletes the files and rows whose date_delete has come, in batches. Idempotent and safe in several
 * processes at once (a file already deleted is not an error); the file goes first, so a crash between the
 * two leaves a row that the next sweep finishes, never an orphaned file.
 */
export async function sweepExpiredFiles(rows: ExpiringFileRows, files: FileStore, nowSeconds: number): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await rows.expired(nowSeconds, SWEEP_BATCH);
    for (const r of batch) await files.delete(r.file_name);
    await rows.deleteIds(batch.map((r) => Number(r.id)));
    total += batch.length;
    if (batch.length < SWEEP_BATCH) return total;
  }
}
