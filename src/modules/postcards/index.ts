import type { Module } from '../../core/modules/index.js';
import { postDepsOf, type PostProductNeeds } from '../post/index.js';
import { postcardsRoutes } from './postcards.routes.js';
import { PostcardsService } from './postcards.service.js';

export { PostcardsService } from './postcards.service.js';
export { POSTCARD_EXPORT_COLUMNS } from './postcards.presenter.js';
export type { PostcardRow } from './postcards.tables.js';

export function postcardsModule(d: PostProductNeeds): Module<{ postcards: PostcardsService }> {
  const postcards = new PostcardsService(postDepsOf(d));
  // Its proof jobs run on the post module's post_proofs queue.
  d.postProducts.add(postcards);
  return {
    name: 'postcards',
    provides: { postcards },
    routes: (app) => postcardsRoutes(app, { config: d.config, postcards }),
    queues: [postcards.queue(d.postProvider)],
  };
}
