import type { FileStore } from '../../core/files/index.js';
import type { PostProvider } from '../../providers/post/types.js';
import { makeProductProofs, productChannel, productProof, type ProofKit } from '../post/pipeline/index.js';
import { postcardProduct } from './postcards.product.js';
import type { PostcardsService } from './postcards.service.js';
import type { PostcardRow } from './postcards.tables.js';

// The postcard product's proof job and print hand-off, in the shape services.ts wires them (PostcardsService has them as methods too).

/** The print-ready PDF of one card: the merged front and back with the address in the back's panel. */
export const postcardProof = (files: FileStore, proofs: ProofKit, row: PostcardRow) => productProof(postcardProduct, files, proofs, row);

/** The proof job of one card (runs after the response): its proof PDF, the back thumbnail and the front one all cards of its request share. */
export const makePostcardProofs = (service: PostcardsService, files: FileStore, proofs: ProofKit, messageId: string) =>
  makeProductProofs(postcardProduct, service.repo, files, proofs, messageId);

/** Hands due postcards to the post provider (the print folder by default). */
export const postcardsChannel = (files: FileStore, proofs: ProofKit, provider: PostProvider) => productChannel(postcardProduct, files, proofs, provider);
