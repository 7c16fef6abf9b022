import type { FileStore } from '../../core/files/index.js';
import type { PostProvider } from '../../providers/post/types.js';
import {
  addressOf,
  backThumbnailName,
  ensureProof,
  ensureThumbnails,
  frontThumbnailName,
  postItemChannel,
  returnAddressOf,
  type ProofKit,
} from '../post/pipeline/index.js';
import type { PostcardsService } from './postcards.service.js';
import type { PostcardRow } from './postcards.tables.js';

/** The print-ready PDF of one card: the merged front and back with the address in the back's panel. */
export function postcardProof(files: FileStore, proofs: ProofKit, row: PostcardRow): Promise<Buffer> {
  return ensureProof(files, row, (merged) => proofs.composePostcardProof(merged, addressOf(row), returnAddressOf(row)));
}

/**
 * The proof job of one card (runs after the response): its proof PDF, the back thumbnail, and the front
 * thumbnail that all cards of its request share. A card that no longer exists has nothing to render.
 */
export async function makePostcardProofs(service: PostcardsService, files: FileStore, proofs: ProofKit, messageId: string): Promise<void> {
  const row = await service.repo.findByMessageId(messageId);
  if (!row) return;
  const pdf = await postcardProof(files, proofs, row);
  await ensureThumbnails(files, proofs, pdf, [
    { name: frontThumbnailName(row.file_name), page: 1 },
    { name: backThumbnailName(row.message_id), page: 2 },
  ]);
}

/** Hands due postcards to the post provider (the print folder by default). */
export function postcardsChannel(files: FileStore, proofs: ProofKit, provider: PostProvider) {
  return postItemChannel<PostcardRow>({
    table: 'postcards',
    product: 'postcard',
    provider,
    proof: (row) => postcardProof(files, proofs, row),
    pages: () => 2,
    options: () => '',
  });
}
