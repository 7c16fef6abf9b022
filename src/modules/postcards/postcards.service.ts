import { PostProductService, type PostDeps } from '../post/index.js';
import { postcardProduct } from './postcards.product.js';

/** Postcards: their description (postcards.product.ts) run through the post pipeline. */
export class PostcardsService extends PostProductService<typeof postcardProduct> {
  constructor(deps: PostDeps) {
    super(deps, postcardProduct);
  }
}
