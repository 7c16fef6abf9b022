import type { SendboxModule } from '../types.js';
import { uploadsRoutes } from './uploads.routes.js';

export { UploadsService } from './uploads.service.js';
export { UploadsRepository } from './uploads.repository.js';
export { OfficeConverter } from './convert/office.js';
export { detect, type FileKind } from './detect.js';
export { MAX_UPLOAD_BYTES } from './uploads.input.js';
export type { UploadRow } from './uploads.tables.js';

export const uploadsModule: SendboxModule = { name: 'uploads', register: uploadsRoutes };
