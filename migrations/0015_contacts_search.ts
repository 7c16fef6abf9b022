import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../src/core/db/index.js';

/**
 * Contact search (/search/contacts-lists, /contact-suggestions) without full scans: lower-cased name and
 * e-mail as generated columns, each indexed after account_id, so a prefix is one index range on either
 * dialect. Generated, so every writer (the API, the CSV import) keeps writing only the contact's own fields.
 * Phone numbers use the (account_id, phone_number) index of 0014: they are E.164 already.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  // PostgreSQL: byte order ("C") so a prefix is exactly a range, whatever the cluster's locale (en_US ignores
  // spaces and punctuation when comparing). SQLite compares bytes already; it can only add VIRTUAL columns.
  const type = pg ? sql.raw('text collate "C"') : sql.raw('text');
  const kind = pg ? sql.raw('stored') : sql.raw('virtual');
  const columns = {
    // "first last" (either alone when the other is missing): a name typed from its start.
    search_name: sql`lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))`,
    // A surname typed from its start.
    search_last: sql`lower(last_name)`,
    search_email: sql`lower(email)`,
  };
  for (const [name, expr] of Object.entries(columns)) {
    await sql`alter table contacts add column ${sql.ref(name)} ${type} generated always as (${expr}) ${kind}`.execute(db);
    // id last: the index gives matches in (key, id) order, and PostgreSQL can answer from the index alone.
    await db.schema.createIndex(`contacts_account_${name}_idx`).on('contacts').columns(['account_id', name, 'id']).execute();
  }
  await db.schema.createIndex('contact_lists_opt_out_idx').on('contact_lists').columns(['account_id', 'is_opt_out', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
