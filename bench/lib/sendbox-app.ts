import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { connect, migrateToLatest } from '../../src/core/db/index.js';
import { systemClock } from '../../src/core/util/clock.js';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase } from '../../test/helpers/database.js';
import { serveUntilStopped, type ServerReady } from './child.js';

/**
 * The real Sendbox app for a bench server child: a temp DATA_DIR, SQLite or a fresh PostgreSQL database
 * (DATABASE_URL), migrated, built, not yet listening. `listen` starts it (and its dispatcher unless
 * DISPATCH=0) and hands it to the parent; stopping removes everything it made.
 */
export async function benchApp(tmpPrefix: string, env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  const baseUrl = (process.env.DATABASE_URL ?? '').trim();
  const pgdb = baseUrl ? await createTestDatabase(baseUrl) : undefined;
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DATABASE_URL: pgdb?.url ?? '',
    ...env,
  });
  const dbh = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(dbh.db, migrations);
  const { app, services } = await buildApp({ config, dbh, clock: systemClock });

  async function listen(info: (origin: string) => ServerReady) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    if (config.dispatch.enabled) services.dispatcher.start({ log: app.log });
    const { port } = app.server.address() as AddressInfo;
    serveUntilStopped(info(`http://127.0.0.1:${port}`), async () => {
      await app.close();
      await dbh.close();
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
  }

  return { config, dbh, app, services, listen };
}
