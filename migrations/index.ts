import type { Migration } from 'kysely';
import * as m0001 from './0001_accounts.js';

/** Every migration, in order. Fixed-width numbers; forward only; one set for SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001_accounts': m0001,
};
