import path from 'node:path';
import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import { ExpiringFileStore, LocalFileStore, type FileStore } from '../../core/files/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { filesRoutes } from './files.routes.js';
import { GeneratedFilesService } from './generated-files.service.js';

export { GeneratedFilesService } from './generated-files.service.js';

/** The file store every module writes to (DATA_DIR/files), and GET /files/{name} at the host root. */
export function filesModule(d: { db: Db; clock: Clock; config: Config }): Module<{ files: FileStore; generatedFiles: GeneratedFilesService }> {
  const disk = new LocalFileStore(path.join(d.config.dataDir, 'files'));
  // Generated files (exports) get a deletion date as they are written; the sweep deletes them EXPORT_TTL later.
  const generatedFiles = new GeneratedFilesService(d.db, d.clock, d.config, disk);
  const files: FileStore = new ExpiringFileStore(disk, generatedFiles);
  return {
    name: 'files',
    provides: { files, generatedFiles },
    rootRoutes: (app) => filesRoutes(app, { files, generatedFiles }),
    tasks: [generatedFiles.sweepTask()],
  };
}
