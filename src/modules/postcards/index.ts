import type { SendboxModule } from '../types.js';
import { postcardsRoutes } from './postcards.routes.js';

export { PostcardsService } from './postcards.service.js';
export { postcardsChannel, makePostcardProofs, postcardProof } from './postcards.channel.js';
export { POSTCARD_EXPORT_COLUMNS } from './postcards.presenter.js';
export type { PostcardRow } from './postcards.tables.js';

export const postcardsModule: SendboxModule = { name: 'postcards', register: postcardsRoutes };
