import path from 'node:path';
import type { Config } from '../../config/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { Module } from '../../core/modules/index.js';
import { PrintHouseProvider } from '../../providers/post/print-house.js';
import type { PostProvider } from '../../providers/post/types.js';
import { makeLetterProofs, type LettersService } from '../letters/index.js';
import { ModuleProofKit, proofJobsChannel, type ProofKit } from './pipeline/index.js';
import { makePostcardProofs, type PostcardsService } from '../postcards/index.js';

/**
 * What postcards, letters and detect-address share: the proof kit (composition and thumbnail render threads,
 * POST_WORKERS of them) and the post provider (the print hand-off in DATA_DIR/print by default).
 */
export function postModule(d: { config: Pick<Config, 'dataDir' | 'post'> }): Module<{ postProofs: ProofKit; postProvider: PostProvider }> {
  const postProofs: ProofKit = new ModuleProofKit({ workers: d.config.post.workers });
  return {
    name: 'post',
    provides: { postProofs, postProvider: new PrintHouseProvider(path.join(d.config.dataDir, 'print')) },
    // Closed after the dispatcher stopped (the root stops it first), so proof jobs in flight finish instead of
    // failing against a stopped renderer.
    close: () => postProofs.close(),
  };
}

/** Proofs render after the response: the post_proofs channel makes each item's proof and thumbnails. Listed after the products. */
export function postProofJobsModule(d: { files: FileStore; postProofs: ProofKit; postcards: PostcardsService; letters: LettersService }): Module {
  return {
    name: 'post-proof-jobs',
    channels: [
      proofJobsChannel({
        postcard: (id) => makePostcardProofs(d.postcards, d.files, d.postProofs, id),
        letter: (id) => makeLetterProofs(d.letters, d.files, d.postProofs, id),
      }),
    ],
  };
}
