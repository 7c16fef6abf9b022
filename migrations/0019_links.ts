import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/**
 * Short links of SMS campaigns (one per recipient, served at PUBLIC_URL/s/<code>) and their clicks.
 * Written by the short-links module only. short_links has no foreign keys: campaigns (0018) are another module's
 * rows, and on PostgreSQL a foreign key is a trigger run per inserted row, which doubled the time to mint a
 * 20,000-link campaign (measured 0.55 s → 1.1-1.5 s); nothing deletes accounts, and every read is scoped by account_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('short_links'))
    // The redirect's one lookup; unique, so a minted code that collides is retried, never shared.
    .addColumn('code', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('campaign_id', 'bigint', (c) => c.notNull())
    // The recipient as it was when the campaign was sent: tracking reads it, even after the contact is edited or deleted.
    .addColumn('contact_id', 'bigint')
    .addColumn('phone_number', 'varchar(32)')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('target_url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Tracking pages and exports walk one campaign's links in mint order.
  await db.schema.createIndex('short_links_campaign_idx').on('short_links').columns(['account_id', 'campaign_id', 'id']).execute();

  await withIdColumn(db, db.schema.createTable('link_clicks'))
    .addColumn('link_id', 'bigint', (c) => c.notNull().references('short_links.id').onDelete('cascade'))
    // Copied from the link so a campaign's statistics group its clicks without a join.
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('campaign_id', 'bigint', (c) => c.notNull())
    .addColumn('clicked_at', 'bigint', (c) => c.notNull())
    .addColumn('user_agent', 'varchar(512)')
    .addColumn('browser', 'varchar(64)')
    .addColumn('os', 'varchar(64)')
    .addColumn('device', 'varchar(32)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('country', 'varchar(2)')
    .addColumn('region', 'varchar(100)')
    .execute();
  await db.schema.createIndex('link_clicks_link_idx').on('link_clicks').columns(['link_id', 'id']).execute();
  await db.schema.createIndex('link_clicks_campaign_idx').on('link_clicks').columns(['account_id', 'campaign_id', 'link_id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
