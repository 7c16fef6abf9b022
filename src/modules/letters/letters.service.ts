import { PostProductService, type PostDeps } from '../post/index.js';
import { letterProduct } from './letters.product.js';

/** Letters: their description (letters.product.ts) run through the post pipeline. */
export class LettersService extends PostProductService<typeof letterProduct> {
  constructor(deps: PostDeps) {
    super(deps, letterProduct);
  }
}
