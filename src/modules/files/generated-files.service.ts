import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { PeriodicTask } from '../../core/dispatch/index.js';
import { sweepExpiredFiles, type ExpiryRegistry, type FileStore, type GeneratedKind } from '../../core/files/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { GeneratedFilesRepository } from './generated-files.repository.js';

/**
 * Files the server generates for one download (history exports): each gets a deletion date when it is
 * written (through ExpiringFileStore), its URL answers 404 from that date, and the dispatcher's periodic
 * sweep deletes it. Nothing else keeps them, so without this they would pile up for ever.
 */
export class GeneratedFilesService implements ExpiryRegistry {
  readonly repo: GeneratedFilesRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'exports'>,
    /** The store underneath (not the expiring wrapper): the sweep only deletes. */
    private readonly files: FileStore,
  ) {
    this.repo = new GeneratedFilesRepository(db);
  }

  private ttlSeconds(kind: GeneratedKind): number {
    switch (kind) {
      case 'export':
        return this.config.exports.ttlSeconds;
    }
  }

  async record(name: string, kind: GeneratedKind): Promise<void> {
    const now = unixSeconds(this.clock);
    await this.repo.insert({ file_name: name, kind, date_added: now, date_delete: now + this.ttlSeconds(kind) });
  }

  /** True when `name` is a generated file past its date: it is gone for callers even before the sweep deletes it. */
  async isExpired(name: string): Promise<boolean> {
    const dateDelete = await this.repo.dateDelete(name);
    return dateDelete !== undefined && dateDelete <= unixSeconds(this.clock);
  }

  /** Deletes the generated files whose date_delete has come (see sweepExpiredFiles). */
  sweepExpired(): Promise<number> {
    return sweepExpiredFiles(this.repo, this.files, unixSeconds(this.clock));
  }

  /** The sweep as the dispatcher's periodic task: wherever a dispatcher runs, at its start and every EXPORT_SWEEP_INTERVAL. */
  sweepTask(): PeriodicTask {
    return {
      name: 'files.generated.sweep',
      intervalMs: this.config.exports.sweepIntervalMs,
      run: async () => {
        const deleted = await this.sweepExpired();
        return deleted > 0 ? { expiredGeneratedFilesDeleted: deleted } : undefined;
      },
    };
  }
}
