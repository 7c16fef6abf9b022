import type { Kysely } from 'kysely';

/**
 * SMS to contact lists: each message sent to a list contact remembers the contact (history's contact_id), and
 * a campaign's messages their campaign (the campaigns module counts and cancels them by it). Both nullable: a
 * plain /sms/send recipient has neither. (account_id, campaign_id) serves "this campaign's messages" reads.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sms_messages').addColumn('contact_id', 'bigint').execute();
  await db.schema.alterTable('sms_messages').addColumn('campaign_id', 'bigint').execute();
  await db.schema.createIndex('sms_messages_account_campaign_idx').on('sms_messages').columns(['account_id', 'campaign_id', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
