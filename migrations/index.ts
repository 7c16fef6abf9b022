import type { Migration } from 'kysely';
import * as m0001 from './0001_accounts.js';
import * as m0002 from './0002_system_emails.js';

/** Every migration, in order. Fixed-width numbers; forward only; one set for SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001_accounts': m0001,
  '0002_system_emails': m0002,
};
