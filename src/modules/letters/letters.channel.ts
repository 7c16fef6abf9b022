import type { FileStore } from '../../core/files/index.js';
import type { PostProvider } from '../../providers/post/types.js';
import { addressOf, ensureProof, ensureThumbnails, firstPageThumbnailName, postItemChannel, returnAddressOf, type ProofKit } from '../post/pipeline/index.js';
import type { LettersService } from './letters.service.js';
import type { LetterRow } from './letters.tables.js';

/** The print-ready PDF of one letter: the address in the window of page 1, or on an added cover page. */
export function letterProof(files: FileStore, proofs: ProofKit, row: LetterRow): Promise<Buffer> {
  return ensureProof(files, row, (pdf) => proofs.composeLetterProof(pdf, addressOf(row), returnAddressOf(row), { templateUsed: row.template_used === 1 }));
}

/** The proof job of one letter (after the response): its proof PDF and a thumbnail of the first page. */
export async function makeLetterProofs(service: LettersService, files: FileStore, proofs: ProofKit, messageId: string): Promise<void> {
  const row = await service.repo.findByMessageId(messageId);
  if (!row) return;
  const pdf = await letterProof(files, proofs, row);
  await ensureThumbnails(files, proofs, pdf, [{ name: firstPageThumbnailName(row.message_id), page: 1 }]);
}

/** Hands due letters to the post provider (the print folder by default). */
export function lettersChannel(files: FileStore, proofs: ProofKit, provider: PostProvider) {
  return postItemChannel<LetterRow>({
    table: 'letters',
    product: 'letter',
    provider,
    proof: (row) => letterProof(files, proofs, row),
    pages: (row) => row.post_pages,
    options: (row) =>
      [row.colour ? 'colour' : 'black', row.duplex ? 'duplex' : 'simplex', row.priority_post ? 'priority' : 'standard', row.template_used ? 'template' : 'cover page'].join(' '),
  });
}
