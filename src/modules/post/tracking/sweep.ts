import type { Db } from '../../../core/db/index.js';
import type { PeriodicTask } from '../../../core/dispatch/index.js';
import type { Clock } from '../../../core/util/clock.js';
import type { PostTracking, TrackingEvent } from '../../../providers/post/types.js';
import type { PostItemTable } from '../pipeline/product.js';
import type { PostProduct } from '../pipeline/tables.js';
import { TrackingRepository, type DueItem, type TrackingWrite } from './repository.js';

export interface TrackingSweepOptions {
  readonly intervalMs: number;
  /** Items per table per transaction. */
  readonly batchSize?: number;
  /** Batches per run at most, so one run cannot hold the loop for long; the next run continues. */
  readonly maxBatches?: number;
  /** When the network could not be asked about an item, ask again this much later, ms. */
  readonly retryMs?: number;
}

export type TrackingSweep = PeriodicTask & {
  /** One batch per table; resolves to the items whose tracking this call wrote. */
  runOnce(): Promise<number>;
};

/**
 * Tracking after the hand-off, as a periodic task of the dispatcher (serve and every `sendbox worker` run it).
 * The state is on the item rows (migrations/0012_post_tracking.ts), not in a timer: the hand-off sets
 * tracking_next_at, and each run asks the postal network about the items that have come due and records what
 * it says, a batch per table in one transaction. A crash rolls the batch back and a restart asks again; the
 * network answers from the recorded events and the clock (see PostTracking), and each write is guarded by the
 * state it was computed from, so racing sweeps record every event once and a late run records missed stages
 * with the dates they happened.
 */
export function trackingSweep(d: {
  db: Db;
  clock: Clock;
  tracking: PostTracking;
  /** The post products served, read at each run (products add themselves as their modules are built). */
  products: () => ReadonlyArray<{ table: PostItemTable; product: PostProduct }>;
  options: TrackingSweepOptions;
}): TrackingSweep {
  const repo = new TrackingRepository(d.db);
  const batchSize = d.options.batchSize ?? 200;
  const maxBatches = d.options.maxBatches ?? 20;
  const retryMs = d.options.retryMs ?? 60_000;

  async function writeFor(product: PostProduct, item: DueItem, nowMs: number): Promise<TrackingWrite> {
    const known = JSON.parse(item.tracking_events_json) as TrackingEvent[];
    try {
      const update = await d.tracking.track(
        {
          messageId: item.message_id,
          product,
          reference: item.print_ref,
          country: item.address_country,
          postalCode: item.address_postal_code,
          handedOffAtMs: Number(item.sent_at ?? Math.floor(item.tracking_next_at / 1000)) * 1000,
          known,
        },
        { nowMs },
      );
      const events = [...known, ...update.events];
      // A next check not in the future would bring the item straight back: never sooner than the next millisecond.
      const nextAt = update.nextCheckAtMs === null ? null : Math.max(update.nextCheckAtMs, nowMs + 1);
      return { seen: item, stage: events.at(-1)?.stage ?? null, eventsJson: JSON.stringify(events), nextAt };
    } catch {
      // The network did not answer (a real provider's outage): keep what is known and ask again later.
      return { seen: item, stage: known.at(-1)?.stage ?? null, eventsJson: item.tracking_events_json, nextAt: nowMs + retryMs };
    }
  }

  /** One batch of one table: the items due, and how many of them this call wrote. */
  async function batch(table: PostItemTable, product: PostProduct): Promise<{ due: number; written: number }> {
    const nowMs = d.clock.nowMs();
    const due = await repo.due(table, nowMs, batchSize);
    if (due.length === 0) return { due: 0, written: 0 };
    const writes = await Promise.all(due.map((item) => writeFor(product, item, nowMs)));
    const written = await d.db.transaction().execute((trx) => repo.apply(trx, table, writes));
    return { due: due.length, written: written.length };
  }

  async function once(): Promise<{ full: boolean; written: number }> {
    let full = false;
    let written = 0;
    for (const p of d.products()) {
      const r = await batch(p.table, p.product);
      written += r.written;
      full ||= r.due >= batchSize;
    }
    return { full, written };
  }

  return {
    name: 'post-tracking',
    intervalMs: d.options.intervalMs,
    runOnce: async () => (await once()).written,
    async run() {
      for (let i = 0; i < maxBatches; i++) if (!(await once()).full) break;
      // Nothing to log: this runs every second while cards travel.
      return undefined;
    },
  };
}
