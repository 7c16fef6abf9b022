import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/**
 * Contact lists and their contacts (/lists, /lists/{id}/contacts): the address book every channel's
 * `list_id` sends to. Written by the contacts module only (its import job included).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('contact_lists'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint')
    .addColumn('list_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('list_email_id', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('is_opt_out', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_lists_account_idx').on('contact_lists').columns(['account_id', 'id']).execute();

  let contacts = withIdColumn(db, db.schema.createTable('contacts'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('list_id', 'bigint', (c) => c.notNull().references('contact_lists.id').onDelete('cascade'));
  for (const column of CONTACT_TEXT_COLUMNS) contacts = contacts.addColumn(column, 'text');
  await contacts
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_list_idx').on('contacts').columns(['list_id', 'id']).execute();
  await db.schema.createIndex('contacts_account_idx').on('contacts').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('contacts_account_phone_idx').on('contacts').columns(['account_id', 'phone_number']).execute();
}

// Frozen here (not imported from the module): a migration describes the schema as it was.
const CONTACT_TEXT_COLUMNS = [
  'phone_number',
  'email',
  'fax_number',
  'first_name',
  'last_name',
  'organization_name',
  'address_line_1',
  'address_line_2',
  'address_city',
  'address_state',
  'address_postal_code',
  'address_country',
  'custom_1',
  'custom_2',
  'custom_3',
  'custom_4',
] as const;

export async function down(): Promise<void> {
  // Forward-only migrations.
}
