import { PostgresAdapter, sql, type Kysely, type CreateTableBuilder } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-increment integer primary key on either dialect. */
export function withIdColumn<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>, name = 'id') {
  return isPostgres(db) ? table.addColumn(name, 'bigserial', (c) => c.primaryKey()) : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Current unix time in seconds as SQL, for defaults computed by the database. */
export function unixNowSql(db: Kysely<any>) {
  return isPostgres(db) ? sql<number>`extract(epoch from now())::bigint` : sql<number>`cast(strftime('%s','now') as integer)`;
}

/** True when a write failed on a UNIQUE constraint (either dialect), so a race becomes ALREADY_EXISTS, not a 500. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
