import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { uploadsRoutes } from './uploads.routes.js';
import { UploadsService } from './uploads.service.js';

export { UploadsService } from './uploads.service.js';
export { UploadsRepository } from './uploads.repository.js';
export { OfficeConverter } from './convert/office.js';
export { detect, type FileKind } from './detect.js';
export { MAX_UPLOAD_BYTES } from './uploads.input.js';
export type { UploadRow } from './uploads.tables.js';

/** POST /uploads: files converted to hosted PDFs, deleted UPLOAD_TTL after their upload. */
export function uploadsModule(d: { db: Db; clock: Clock; config: Config; files: FileStore }): Module<{ uploads: UploadsService }> {
  const uploads = new UploadsService(d.db, d.clock, d.config, d.files);
  return {
    name: 'uploads',
    provides: { uploads },
    routes: (app) => uploadsRoutes(app, { config: d.config, uploads }),
    // Expired uploads are deleted wherever a dispatcher runs (serve, sendbox worker), at its start and every UPLOAD_SWEEP_INTERVAL.
    tasks: [uploads.sweepTask()],
    // The image conversion threads.
    close: () => uploads.close(),
  };
}
