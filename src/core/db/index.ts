export { connect, type Db, type DbHandle, type ConnectOptions } from './connect.js';
export { isPostgres, withIdColumn, unixNowSql, isUniqueViolation } from './dialect.js';
export { migrateToLatest } from './migrate.js';
export type { Database, Dialect } from './types.js';
