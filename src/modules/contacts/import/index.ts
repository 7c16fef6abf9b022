import type { Config } from '../../../config/index.js';
import type { Db } from '../../../core/db/index.js';
import type { DispatchQueue } from '../../../core/dispatch/index.js';
import type { SafeFetcher } from '../../../core/fetch/index.js';
import type { FileStore } from '../../../core/files/index.js';
import type { App } from '../../../core/http/index.js';
import type { Module } from '../../../core/modules/index.js';
import type { Clock } from '../../../core/util/clock.js';
import { contactImportsQueue } from './import.job.js';
import { presentImport, type ImportStatus } from './import.present.js';
import { ContactImportsRepository } from './import.repository.js';
import { contactImportRoutes } from './import.routes.js';
import { ContactImportsService } from './import.service.js';

export { ImportStatus } from './import.present.js';
export { ContactImportsService } from './import.service.js';
export { contactImportsQueue } from './import.job.js';

export interface ContactImportsDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'contactImports'>;
  files: FileStore;
  fetcher: SafeFetcher;
}

/** What the import part adds to the contacts module: its routes, its dispatch queue, and `_import` for list records. */
export interface ContactImportsPart {
  readonly service: ContactImportsService;
  readonly routes: (app: App) => void;
  readonly queues: readonly DispatchQueue<any>[];
  /** `_import` of each list that has had an import (the latest one), for the list presenter. */
  readonly latestImports: (accountId: number, listIds: readonly number[]) => Promise<Map<number, ImportStatus>>;
}

/** POST /lists/{id}/import and its job, import-csv-preview and import-fields. */
export function contactImportsPart(d: ContactImportsDeps): ContactImportsPart {
  const repo = new ContactImportsRepository(d.db);
  const source = { files: d.files, fetcher: d.fetcher, urlMaxBytes: d.config.contactImports.urlMaxBytes };
  const service = new ContactImportsService({ ...source, repo, clock: d.clock, publicUrl: d.config.publicUrl });
  const queue = contactImportsQueue({ ...source, repo, clock: d.clock, publicUrl: d.config.publicUrl, batchRows: d.config.contactImports.batchRows, workers: d.config.contactImports.workers });
  return {
    service,
    routes: (app) => contactImportRoutes(app, { imports: service }),
    queues: [queue],
    latestImports: (accountId, listIds) => service.latest(accountId, listIds),
  };
}

/**
 * The part as a module of its own, until the contacts module (which owns the list records) includes it: listed after
 * the files module. Provides `latestImports` for the list presenter.
 */
export function contactImportsModule(d: ContactImportsDeps): Module<{ contactImports: ContactImportsPart }> {
  const part = contactImportsPart(d);
  return { name: 'contact-imports', provides: { contactImports: part }, routes: part.routes, queues: part.queues };
}

/** `_import` for list records, straight from the database (for a presenter that holds only a Db). */
export async function latestImports(db: Db, publicUrl: string, accountId: number, listIds: readonly number[]): Promise<Map<number, ImportStatus>> {
  const rows = await new ContactImportsRepository(db).latest(accountId, listIds);
  return new Map(rows.map((r) => [Number(r.list_id), presentImport(r, publicUrl)]));
}
