import type { Module } from '../../core/modules/index.js';
import { postDepsOf, type PostProductNeeds } from '../post/index.js';
import { lettersRoutes } from './letters.routes.js';
import { LettersService } from './letters.service.js';

export { LettersService } from './letters.service.js';
export { letterPriceMicros, printedPages, sheets, type LetterSpec } from './letters.price.js';
export { LETTER_EXPORT_COLUMNS } from './letters.presenter.js';
export type { LetterRow } from './letters.tables.js';

export function lettersModule(d: PostProductNeeds): Module<{ letters: LettersService }> {
  const letters = new LettersService(postDepsOf(d));
  // Its proof jobs run on the post module's post_proofs queue.
  d.postProducts.add(letters);
  return {
    name: 'letters',
    provides: { letters },
    routes: (app) => lettersRoutes(app, { config: d.config, letters }),
    queues: [letters.queue(d.postProvider)],
  };
}
