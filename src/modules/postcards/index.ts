import type { Module } from '../../core/modules/index.js';
import type { PostProvider } from '../../providers/post/types.js';
import type { PostDeps, PostProducts, ProofKit } from '../post/index.js';
import { postcardsRoutes } from './postcards.routes.js';
import { PostcardsService } from './postcards.service.js';

export { PostcardsService } from './postcards.service.js';
export { POSTCARD_EXPORT_COLUMNS } from './postcards.presenter.js';
export type { PostcardRow } from './postcards.tables.js';

/** The post pipeline's deps (the kit under its name in the module list) and the post provider. */
type Needs = Omit<PostDeps, 'proofs'> & { postProofs: ProofKit; postProvider: PostProvider; postProducts: PostProducts };

export function postcardsModule(d: Needs): Module<{ postcards: PostcardsService }> {
  const { db, clock, config, fetcher, files, ledger, pricing, returnAddresses, postProofs, accountCurrency } = d;
  const postcards = new PostcardsService({ db, clock, config, fetcher, files, ledger, pricing, returnAddresses, proofs: postProofs, accountCurrency });
  // Its proof jobs run on the post module's post_proofs queue.
  d.postProducts.add(postcards);
  return {
    name: 'postcards',
    provides: { postcards },
    routes: (app) => postcardsRoutes(app, { config: d.config, postcards }),
    queues: [postcards.queue(d.postProvider)],
  };
}
