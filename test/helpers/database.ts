import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the suite runs against, or undefined for SQLite runs. */
export const postgresUrl = (process.env.DATABASE_URL ?? '').trim() || undefined;

/**
 * A fresh, empty PostgreSQL database for one test server, dropped by the returned function. Each
 * server gets its own database so test files can run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sendbox_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
