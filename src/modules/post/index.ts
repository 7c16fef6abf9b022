import path from 'node:path';
import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { PrintHouseProvider } from '../../providers/post/print-house.js';
import { SimulatedPostTracking } from '../../providers/post/simulated-tracking.js';
import type { PostProvider, PostTracking } from '../../providers/post/types.js';
import { artworkTemplateRoutes, onceTemplate } from './template/template.routes.js';
import { trackingSweep, type TrackingSweep } from './tracking/index.js';
import { ModuleProofKit, postProofJobs, type AnyPostProduct, type PostDeps, type PostProductService, type ProofKit } from './pipeline/index.js';

// The post pipeline is this module's public face: a post product (postcards, letters, and the next) is a folder with
// its description, schemas, presenter and routes, importing what it runs on from here.
export * from './pipeline/index.js';
export { historyStatus, trackingFields, TrackingRecordFields, TEST_STATUS, type TrackingSweep } from './tracking/index.js';

/**
 * What postcards, letters and detect-address share: the proof kit (composition and thumbnail render threads,
 * POST_WORKERS of them), the post provider (the print hand-off in DATA_DIR/print by default) and the postal
 * network's tracking after it (simulated unless POST_TRACKING=0, which leaves items without tracking).
 */
export function postModule(d: {
  config: Pick<Config, 'dataDir' | 'post'>;
}): Module<{ postProofs: ProofKit; postProvider: PostProvider; postTracking: PostTracking | null; postProducts: PostProducts }> {
  const kit = new ModuleProofKit({ workers: d.config.post.workers });
  const postProofs: ProofKit = kit;
  const template = onceTemplate(() => kit.artworkTemplate());
  const { tracking } = d.config.post;
  return {
    name: 'post',
    // At the host root like GET /files/{name}: a PDF, not an API answer in the envelope.
    rootRoutes: (app) => artworkTemplateRoutes(app, { template }),
    provides: {
      postProofs,
      postProvider: new PrintHouseProvider(path.join(d.config.dataDir, 'print')),
      postTracking: tracking.enabled ? new SimulatedPostTracking(tracking.stepMs) : null,
      postProducts: new PostProducts(),
    },
    // Closed after the dispatcher stopped (the root stops it first), so proof jobs in flight finish instead of
    // failing against a stopped renderer.
    close: () => postProofs.close(),
  };
}

/** What a post product's module needs: the pipeline's deps, with the kit, provider and product list the post module provides. */
export type PostProductNeeds = Omit<PostDeps, 'proofs'> & { postProofs: ProofKit; postProvider: PostProvider; postProducts: PostProducts };

/** The pipeline's deps out of a product module's needs (named one by one: a factory is handed more than it declares). */
export function postDepsOf(d: PostProductNeeds): PostDeps {
  const { db, clock, config, fetcher, files, ledger, pricing, returnAddresses, postProofs, accountCurrency } = d;
  return { db, clock, config, fetcher, files, ledger, pricing, returnAddresses, proofs: postProofs, accountCurrency };
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

/**
 * Tracking after the print hand-off: a periodic task (POST_TRACKING_POLL_MS) moves the handed-off items of every
 * product whose next stage has come due. Listed after every product module, so it serves all the products they
 * added. None when tracking is off.
 */
export function postTrackingModule(d: {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'post'>;
  postTracking: PostTracking | null;
  postProducts: PostProducts;
}): Module<{ postTrackingSweep: TrackingSweep | null }> {
  const tracking = d.postTracking;
  const sweep = tracking
    ? trackingSweep({
        db: d.db,
        clock: d.clock,
        tracking,
        products: () => d.postProducts.list().map((p) => p.description),
        options: { intervalMs: d.config.post.tracking.pollMs },
      })
    : null;
  return { name: 'post-tracking', provides: { postTrackingSweep: sweep }, tasks: sweep ? [sweep] : [] };
}
