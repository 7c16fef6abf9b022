import type { FileStore } from '../../core/files/index.js';
import type { PostProvider } from '../../providers/post/types.js';
import { makeProductProofs, productChannel, productProof, type ProofKit } from '../post/pipeline/index.js';
import { letterProduct } from './letters.product.js';
import type { LettersService } from './letters.service.js';
import type { LetterRow } from './letters.tables.js';

// The letter product's proof job and print hand-off, in the shape services.ts wires them (LettersService has them as methods too).

/** The print-ready PDF of one letter: the address in the window of page 1, or on an added cover page. */
export const letterProof = (files: FileStore, proofs: ProofKit, row: LetterRow) => productProof(letterProduct, files, proofs, row);

/** The proof job of one letter (after the response): its proof PDF and a thumbnail of the first page. */
export const makeLetterProofs = (service: LettersService, files: FileStore, proofs: ProofKit, messageId: string) =>
  makeProductProofs(letterProduct, service.repo, files, proofs, messageId);

/** Hands due letters to the post provider (the print folder by default). */
export const lettersChannel = (files: FileStore, proofs: ProofKit, provider: PostProvider) => productChannel(letterProduct, files, proofs, provider);
