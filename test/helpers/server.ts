import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net, { type AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { connect, migrateToLatest, type DbHandle } from '../../src/core/db/index.js';
import { systemClock, type Clock } from '../../src/core/util/clock.js';
import { createOwnerAccount, type CreatedCredentials } from '../../src/main/bootstrap.js';
import type { Services } from '../../src/main/compose.js';
import type { App } from '../../src/core/http/index.js';
import { migrations } from '../../migrations/index.js';
import { migratedTestDatabase } from './database.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: { http_code: number; response_code: string; response_msg: string; data: T };
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body text (sent as-is with the given content type). */
  raw?: string | Buffer;
  contentType?: string;
  /** Credentials to use; defaults to the owner's; null sends none. */
  as?: { username: string; apiKey: string } | null;
  headers?: Record<string, string>;
}

export interface TestServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** origin + /v3, what an SDK takes as basePath */
  base: string;
  owner: CreatedCredentials;
  config: Config;
  dbh: DbHandle;
  services: Services;
  app: App;
  /** Compiles every route schema not compiled yet (serve does this just after listen). */
  warmSchemas(): Promise<void>;
  dataDir: string;
  request<T = any>(method: string, path: string, opts?: RequestOptions): Promise<ApiResponse<T>>;
  /** A further account with its own credentials (for tenancy tests). */
  createAccount(username: string, country?: string): Promise<CreatedCredentials>;
  close(): Promise<void>;
}

/** A port the OS just had free: the server's PUBLIC_URL must be known before it is built. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function basicAuth(username: string, apiKey: string): string {
  return `Basic ${Buffer.from(`${username}:${apiKey}`).toString('base64')}`;
}

/**
 * A real server on a loopback port with a real database: a temporary SQLite file, or a fresh
 * PostgreSQL database when DATABASE_URL is set. Nothing is mocked.
 */
export async function startServer(
  opts: { env?: Record<string, string>; clock?: Clock /** Fastify logger options (e.g. a stream to read log lines); none by default. */; logger?: object } = {},
): Promise<TestServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-test-'));
  const pgdb = await migratedTestDatabase(dataDir); // a copy of the run's migrated template
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: origin,
    DISPATCH_POLL_MS: '20',
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
    ...opts.env,
  });
  const dbh = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 5 });
  await migrateToLatest(dbh.db, migrations);
  const deps = { config, dbh, clock: opts.clock ?? systemClock };
  const { app, services, warmSchemas } = await buildApp(deps, { logger: opts.logger ?? false });
  await app.listen({ port, host: '127.0.0.1' });
  if (config.dispatch.enabled) services.dispatcher.start();
  const owner = await createOwnerAccount(services, { username: `owner${port}`, email: 'owner@example.com', country: 'AU' });

  const request = async <T>(method: string, p: string, o: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...o.headers };
    const who = o.as === undefined ? owner : o.as;
    if (who) headers.authorization = basicAuth(who.username, who.apiKey);
    let body: string | Buffer | undefined;
    if (o.raw !== undefined) {
      body = o.raw;
      headers['content-type'] = o.contentType ?? 'application/json';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${origin}${p}`, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };

  return {
    warmSchemas,
    origin,
    base: `${origin}/v3`,
    owner,
    config,
    dbh,
    services,
    app,
    dataDir,
    request,
    createAccount: (username, country = 'AU') => createOwnerAccount(services, { username, email: `${username}@example.com`, country }),
    close: async () => {
      await app.close(); // stops the dispatcher, then closes every module (one close() in src/main/compose.ts)
      await dbh.close();
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
