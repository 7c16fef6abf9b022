import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.js';

/** Migrations are plain objects, collected by migrations/index.ts; no filesystem scanning at runtime. */
export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
