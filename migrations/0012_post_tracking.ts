import type { Kysely } from 'kysely';

/**
 * Tracking after the print hand-off, on the item rows themselves: history stays one query, and a sweep finds the
 * items whose next stage is due through one partial index per table (only items still on their way are in it).
 *  - tracking_stage: the latest stage (null until the first event);
 *  - tracking_events_json: every event so far, [{stage, date}], oldest first;
 *  - tracking_next_at: unix ms to ask the postal network again; null when there is nothing to ask (not handed
 *    off yet, a test postcode, cancelled, failed, or the journey is over).
 * Partial indexes and ADD COLUMN … NOT NULL DEFAULT work the same on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['postcards', 'letters']) {
    await db.schema.alterTable(table).addColumn('tracking_stage', 'varchar(32)').execute();
    await db.schema
      .alterTable(table)
      .addColumn('tracking_events_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema.alterTable(table).addColumn('tracking_next_at', 'bigint').execute();
    await db.schema.createIndex(`${table}_tracking_due_idx`).on(table).columns(['tracking_next_at', 'id']).where('tracking_next_at', 'is not', null).execute();
  }
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
