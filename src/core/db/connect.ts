import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Kysely as K, type SqliteDatabase } from 'kysely';
import { createRequire } from 'node:module';
import type pgModule from 'pg';
import type { Database, Dialect } from './types.js';

export type Db = K<Database>;

export interface DbHandle {
  readonly db: Db;
  readonly dialect: Dialect;
  /** Where the data lives, for the start-up banner (file path or URL without password). */
  readonly location: string;
  close(): Promise<void>;
}

let pgLoaded: typeof pgModule | undefined;
/** pg, loaded on the first PostgreSQL connection: a SQLite start need not pay for it. */
function pg(): typeof pgModule {
  if (!pgLoaded) {
    pgLoaded = createRequire(import.meta.url)('pg') as typeof pgModule;
    // pg returns int8 and numeric as strings; map int8 to number so both dialects give the same types.
    // Safe: every int8 column holds micro-units or ids far below 2^53.
    pgLoaded.types.setTypeParser(20, (v) => Number(v));
  }
  return pgLoaded;
}

export interface ConnectOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement anew, which measured at a quarter of the CPU of a
 * simple authenticated request. Prepared statements are reusable, and the driver runs one query at a
 * time on its single connection, so a bounded cache keyed by SQL text is safe.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

export function connect(opts: ConnectOptions): DbHandle {
  if (opts.databaseUrl) {
    const pool = new (pg().Pool)({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client error (server restart) must not crash the process; the pool replaces the client.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const u = new URL(opts.databaseUrl);
    u.password = u.password ? '***' : '';
    return { db, dialect: 'postgres', location: u.toString(), close: () => db.destroy() };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = path.join(opts.dataDir, 'sendbox.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Other processes (sendbox worker, migrate) may hold the write lock briefly.
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's own lower() folds ASCII only, so "Ü" would never match "ü" in a case-insensitive search while
  // PostgreSQL finds it: one Unicode lower() for both dialects. The contact search keys (migration 0015) are
  // indexed generated columns computed with it, so every connection must register it (connect() is the only way in).
  sqlite.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v) as string | null);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}
