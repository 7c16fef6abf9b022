import type { Module } from '../../core/modules/index.js';
import type { PostProvider } from '../../providers/post/types.js';
import type { PostDeps, PostProducts, ProofKit } from '../post/index.js';
import { lettersRoutes } from './letters.routes.js';
import { LettersService } from './letters.service.js';

export { LettersService } from './letters.service.js';
export { letterPriceMicros, printedPages, sheets, type LetterSpec } from './letters.price.js';
export { LETTER_EXPORT_COLUMNS } from './letters.presenter.js';
export type { LetterRow } from './letters.tables.js';

/** The post pipeline's deps (the kit under its name in the module list) and the post provider. */
type Needs = Omit<PostDeps, 'proofs'> & { postProofs: ProofKit; postProvider: PostProvider; postProducts: PostProducts };

export function lettersModule(d: Needs): Module<{ letters: LettersService }> {
  const { db, clock, config, fetcher, files, ledger, pricing, returnAddresses, postProofs, accountCurrency } = d;
  const letters = new LettersService({ db, clock, config, fetcher, files, ledger, pricing, returnAddresses, proofs: postProofs, accountCurrency });
  // Its proof jobs run on the post module's post_proofs queue.
  d.postProducts.add(letters);
  return {
    name: 'letters',
    provides: { letters },
    routes: (app) => lettersRoutes(app, { config: d.config, letters }),
    queues: [letters.queue(d.postProvider)],
  };
}
