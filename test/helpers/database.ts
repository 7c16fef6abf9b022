import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { connect, migrateToLatest } from '../../src/core/db/index.js';

/** The PostgreSQL server the suite runs against, or undefined for SQLite runs. */
export const postgresUrl = (process.env.DATABASE_URL ?? '').trim() || undefined;

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

function databaseUrl(baseUrl: string, name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(baseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A fresh PostgreSQL database for one test server (empty, or a copy of `template`), dropped by the returned
 * function. Each server gets its own database so test files can run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(baseUrl: string, template?: string): Promise<TestDatabase> {
  const name = `sendbox_t_${randomBytes(6).toString('hex')}`;
  await admin(baseUrl, async (c) => {
    // PostgreSQL 15 copies a template through the WAL by default; copying its files is faster for a small one
    // (measured ~1.0 s against ~1.5 s per copy on the throwaway cluster, which runs with fsync off).
    const fileCopy = template && Number((await c.query('SHOW server_version_num')).rows[0].server_version_num) >= 150000;
    await c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}${fileCopy ? ' STRATEGY FILE_COPY' : ''}`);
  });
  return {
    url: databaseUrl(baseUrl, name),
    drop: () => admin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/**
 * What the migrated schema depends on: the migrations and the core helpers they build tables with
 * (id and dispatch columns). A change to any of them gives a new key, so a stale template is never used.
 * scripts/run-tests.mjs also makes the template one run's own (SENDBOX_TEST_TEMPLATE_DIR, SENDBOX_TEST_RUN)
 * and removes it at the end; a file run with plain `node --test` keeps one per schema in the temp folder.
 */
export const schemaKey: string = (() => {
  const h = createHash('sha256');
  for (const dir of ['migrations', 'src/core/db', 'src/core/dispatch']) {
    for (const f of filesUnder(path.join(ROOT, dir))) h.update(path.relative(ROOT, f)).update(fs.readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
})();

/** Where a run keeps its SQLite template (scripts/run-tests.mjs gives each run its own folder and removes it). */
const templateDir = process.env.SENDBOX_TEST_TEMPLATE_DIR || path.join(os.tmpdir(), 'sendbox-test-templates');

/**
 * The migrated SQLite template file, built on first use. Parallel test processes may both build it: each
 * migrates its own scratch folder and renames the finished file into place, which is atomic, so a reader
 * only ever sees a whole template.
 */
async function sqliteTemplate(): Promise<string> {
  const file = path.join(templateDir, `sqlite-${schemaKey}.sqlite`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(templateDir, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(templateDir, 'build-'));
  try {
    const dbh = connect({ databaseUrl: undefined, dataDir: scratch, poolSize: 1 });
    try {
      await migrateToLatest(dbh.db, migrations);
    } finally {
      await dbh.close(); // the last connection checkpoints the WAL into the file and removes it
    }
    fs.renameSync(path.join(scratch, 'sendbox.sqlite'), file);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return file;
}

/**
 * The migrated PostgreSQL template database, built on first use. An advisory lock keeps parallel test
 * processes from building it twice; it is migrated under a scratch name and renamed when done, so a
 * crashed build never leaves a half-migrated template behind.
 */
async function postgresTemplate(baseUrl: string): Promise<string> {
  const name = `sendbox_tmpl_${process.env.SENDBOX_TEST_RUN ?? 'shared'}_${schemaKey}`;
  return admin(baseUrl, async (c) => {
    const exists = async () => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (await exists()) return name;
    const lock = Number.parseInt(schemaKey.slice(0, 8), 16);
    await c.query('SELECT pg_advisory_lock($1)', [lock]);
    try {
      if (await exists()) return name;
      const scratch = `${name}_build`;
      await c.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${scratch}`);
      const dbh = connect({ databaseUrl: databaseUrl(baseUrl, scratch), dataDir: os.tmpdir(), poolSize: 1 });
      try {
        await migrateToLatest(dbh.db, migrations);
      } finally {
        await dbh.close();
      }
      await c.query(`ALTER DATABASE ${scratch} RENAME TO ${name}`);
      return name;
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [lock]);
    }
  });
}

/**
 * The database of one test server, already migrated: a copy of the run's migrated template, so each of
 * the many server starts copies a file (SQLite, into dataDir) or a template database (PostgreSQL) instead of
 * running every migration again. Returns the PostgreSQL database (undefined on SQLite).
 */
export async function migratedTestDatabase(dataDir: string): Promise<TestDatabase | undefined> {
  if (postgresUrl) return createTestDatabase(postgresUrl, await postgresTemplate(postgresUrl));
  fs.mkdirSync(dataDir, { recursive: true });
  fs.copyFileSync(await sqliteTemplate(), path.join(dataDir, 'sendbox.sqlite'));
  return undefined;
}
