import type { Kysely } from 'kysely';

/**
 * Per-item warnings of post items (issue 9): what did not stop a card but changed how it prints (text shrunk, a
 * line wrapped, artwork under the address panel), as a JSON array of sentences, returned as `_warnings`. Items
 * stored before this have none. ADD COLUMN with a constant default works on SQLite and PostgreSQL alike.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['postcards', 'letters']) {
    await db.schema
      .alterTable(table)
      .addColumn('warnings_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  }
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
