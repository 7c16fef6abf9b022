import { loadConfig, type Config } from '../config/index.js';
import { connect, migrateToLatest, type DbHandle } from '../core/db/index.js';
import { systemClock } from '../core/util/clock.js';
import { migrations } from '../../migrations/index.js';

/** Config, a migrated database: what every entry point starts from. */
export async function openRuntime(env: NodeJS.ProcessEnv = process.env): Promise<{ config: Config; dbh: DbHandle }> {
  const config = loadConfig(env);
  const dbh = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(dbh.db, migrations);
  return { config, dbh };
}

export const clock = systemClock;
