import type { SendboxModule } from '../types.js';
import { filesRoutes } from './files.routes.js';

export { GeneratedFilesService } from './generated-files.service.js';

export const filesModule: SendboxModule = { name: 'files', register: () => undefined, registerRoot: filesRoutes };
