import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/**
 * Email campaigns (/email-campaigns): one row per campaign, which is also the dispatch queue of its job (the job walks
 * the list from cursor_contact_id in batches; each batch's recipients, their debit and the cursor's advance commit
 * together), and one row per recipient in email_campaign_messages, the dispatch queue that hands each email to the
 * provider. Tracking (open pixel, link redirects, unsubscribe) finds a recipient by its random token.
 */
export async function up(db: Kysely<any>): Promise<void> {
  let campaigns = withIdColumn(db, db.schema.createTable('email_campaigns'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
    .addColumn('api_username', 'varchar(100)', (c) => c.notNull())
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('list_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('subject', 'varchar(998)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_plain_text', 'text', (c) => c.notNull())
    .addColumn('links_json', 'text', (c) => c.notNull())
    .addColumn('from_email_address_id', 'bigint', (c) => c.notNull())
    .addColumn('from_address', 'varchar(254)', (c) => c.notNull())
    .addColumn('from_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('template_id', 'bigint')
    .addColumn('scheduled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_count', 'integer', (c) => c.notNull())
    .addColumn('price_micros', 'bigint', (c) => c.notNull())
    .addColumn('cursor_contact_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('contacts_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  campaigns = withDispatchColumns(campaigns);
  await campaigns.execute();
  await db.schema.createIndex('email_campaigns_account_idx').on('email_campaigns').columns(['account_id', 'id']).execute();
  await createDispatchIndex(db, 'email_campaigns');

  let messages = withIdColumn(db, db.schema.createTable('email_campaign_messages'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('email_campaigns.id').onDelete('cascade'))
    .addColumn('contact_id', 'bigint', (c) => c.notNull())
    .addColumn('to_address', 'varchar(254)', (c) => c.notNull())
    .addColumn('to_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('contact_json', 'text', (c) => c.notNull())
    .addColumn('token', 'varchar(32)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('price_micros', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .addColumn('relay_response', 'text')
    .addColumn('open_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('click_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unsubscribed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  messages = withDispatchColumns(messages);
  await messages.execute();
  await createDispatchIndex(db, 'email_campaign_messages');
  // Tracking's one lookup: a token names exactly one recipient.
  await db.schema.createIndex('email_campaign_messages_token_idx').on('email_campaign_messages').column('token').unique().execute();
  // History pages and the campaign's counters: its recipients in contact order; a contact is queued once per campaign.
  await db.schema.createIndex('email_campaign_messages_campaign_idx').on('email_campaign_messages').columns(['campaign_id', 'contact_id']).unique().execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
