/**
 * The real Sendbox app, built as `sendbox serve` builds it (config from env, migrated database, dispatcher
 * running, log level info), on a temporary DATA_DIR with SQLite, or a fresh PostgreSQL database when
 * DATABASE_URL is set. Reports an owner's credentials so the parent can call authenticated routes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { connect, migrateToLatest } from '../../src/core/db/index.js';
import { systemClock } from '../../src/core/util/clock.js';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase } from '../../test/helpers/database.js';
import { reportFailure, serveUntilStopped } from '../lib/child.js';

try {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-bench-'));
  const baseUrl = (process.env.DATABASE_URL ?? '').trim();
  const pgdb = baseUrl ? await createTestDatabase(baseUrl) : undefined;
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DATABASE_URL: pgdb?.url ?? '',
  });
  const dbh = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(dbh.db, migrations);
  const { app, services } = await buildApp({ config, dbh, clock: systemClock });
  const owner = await createOwnerAccount(services, { username: 'benchowner', email: 'bench@example.com', country: 'AU' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  if (config.dispatch.enabled) services.dispatcher.start({ log: app.log });
  const { port } = app.server.address() as AddressInfo;
  serveUntilStopped({ origin: `http://127.0.0.1:${port}`, username: owner.username, apiKey: owner.apiKey, dialect: dbh.dialect }, async () => {
    await app.close();
    await dbh.close();
    await pgdb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
} catch (err) {
  reportFailure(err);
}
