import type { Config } from './config/index.js';
import type { DbHandle } from './core/db/index.js';
import type { Clock } from './core/util/clock.js';

/** What the app is built from: config, storage and the clock. Tests build their own. */
export interface AppDeps {
  readonly config: Config;
  readonly dbh: DbHandle;
  readonly clock: Clock;
}
