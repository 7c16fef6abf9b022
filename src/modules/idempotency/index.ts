import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { installIdempotency } from './idempotency.hook.js';
import { IdempotencyService } from './idempotency.service.js';

export { IdempotencyService } from './idempotency.service.js';
export type { IdempotencyRow } from './idempotency.tables.js';

/**
 * Idempotency-Key for every route marked `config: { idempotent: true }` (the sends): list this module before the
 * modules whose routes opt in, since its routes() attaches the behaviour to the routes registered after it. The
 * sweep deletes keys past their window wherever a dispatcher runs.
 */
export function idempotencyModule(d: { db: Db; clock: Clock; config: Config }): Module<{ idempotency: IdempotencyService }> {
  const idempotency = new IdempotencyService(d.db, d.clock, d.config.idempotency);
  return {
    name: 'idempotency',
    provides: { idempotency },
    routes: (app) => installIdempotency(app, idempotency),
    tasks: [idempotency.sweepTask()],
  };
}
