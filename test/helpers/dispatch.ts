import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { connect, withIdColumn, type DbHandle } from '../../src/core/db/index.js';
import { createDispatchIndex, newDispatchValues, withDispatchColumns, type DispatchRow } from '../../src/core/dispatch/index.js';
import { createTestDatabase, postgresUrl } from './database.js';

/** An empty database (SQLite file in a temp folder, or a fresh PostgreSQL database) that tests and child processes open. */
export interface ScratchDatabase {
  readonly dataDir: string;
  /** DATA_DIR and, on PostgreSQL, DATABASE_URL: what a child process needs to open the same database. */
  readonly env: Record<string, string>;
  open(poolSize?: number): DbHandle;
  /** Call after every handle is closed. */
  drop(): Promise<void>;
}

export async function scratchDatabase(): Promise<ScratchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-dispatch-'));
  const pgdb = postgresUrl ? await createTestDatabase(postgresUrl) : undefined;
  return {
    dataDir,
    env: { DATA_DIR: dataDir, ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) },
    open: (poolSize = 5) => connect({ databaseUrl: pgdb?.url, dataDir, poolSize }),
    drop: async () => {
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A message table owned by the test (not product code): the dispatch columns plus an account and a body. */
export async function createMessageTable(db: Kysely<any>, table: string): Promise<void> {
  await withDispatchColumns(
    withIdColumn(db, db.schema.createTable(table))
      .addColumn('account_id', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull()),
  ).execute();
  await createDispatchIndex(db, table);
}

/** Inserts n messages (in chunks, one statement each) and returns their ids. */
export async function enqueue(db: Kysely<any>, table: string, n: number, opts: { nowS?: number; scheduleAt?: number; accountId?: number } = {}): Promise<number[]> {
  const nowS = opts.nowS ?? Math.floor(Date.now() / 1000);
  const ids: number[] = [];
  for (let start = 0; start < n; start += 500) {
    const values = Array.from({ length: Math.min(500, n - start) }, (_, i) => ({
      ...newDispatchValues(opts.scheduleAt ?? nowS, nowS),
      account_id: opts.accountId ?? 1,
      body: `message ${start + i}`,
    }));
    const rows = await db.insertInto(table).values(values).returning('id').execute();
    ids.push(...rows.map((r) => Number(r.id)));
  }
  return ids;
}

export async function rowsOf(db: Kysely<any>, table: string): Promise<DispatchRow[]> {
  return (await db.selectFrom(table).selectAll().orderBy('id').execute()) as DispatchRow[];
}

export async function statusCounts(db: Kysely<any>, table: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom(table)
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status as string, Number(r.n)]));
}
