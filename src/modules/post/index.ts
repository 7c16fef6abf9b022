import path from 'node:path';
import type { Config } from '../../config/index.js';
import type { Module } from '../../core/modules/index.js';
import { PrintHouseProvider } from '../../providers/post/print-house.js';
import type { PostProvider } from '../../providers/post/types.js';
import { ModuleProofKit, postProofJobs, type AnyPostProduct, type PostProductService, type ProofKit } from './pipeline/index.js';

// The post pipeline is this module's public face: a post product (postcards, letters, and the next) is a folder with
// its description, schemas, presenter and routes, importing what it runs on from here.
export * from './pipeline/index.js';

/**
 * What postcards, letters and detect-address share: the proof kit (composition and thumbnail render threads,
 * POST_WORKERS of them) and the post provider (the print hand-off in DATA_DIR/print by default).
 */
export function postModule(d: { config: Pick<Config, 'dataDir' | 'post'> }): Module<{ postProofs: ProofKit; postProvider: PostProvider; postProducts: PostProducts }> {
  const postProofs: ProofKit = new ModuleProofKit({ workers: d.config.post.workers });
  return {
    name: 'post',
    provides: { postProofs, postProvider: new PrintHouseProvider(path.join(d.config.dataDir, 'print')), postProducts: new PostProducts() },
    // Closed after the dispatcher stopped (the root stops it first), so proof jobs in flight finish instead of
    // failing against a stopped renderer.
    close: () => postProofs.close(),
  };
}

type ProofMaking = Pick<PostProductService<AnyPostProduct>, 'description' | 'makeProofs'>;

/** The post products served (postcards, letters, …): each product's module adds its service as it is built. */
export class PostProducts {
  private readonly services: ProofMaking[] = [];

  add(service: ProofMaking): void {
    this.services.push(service);
  }

  list(): readonly ProofMaking[] {
    return this.services;
  }
}

/**
 * Proofs render after the response: the post_proofs queue hands each job to its product's proof maker. Listed after
 * every product module, so it serves all the products they added.
 */
export function postProofJobsModule(d: { postProducts: PostProducts }): Module {
  return { name: 'post-proof-jobs', queues: [postProofJobs(d.postProducts.list())] };
}
