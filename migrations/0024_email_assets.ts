import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

/**
 * Email marketing assets: the allowed sender addresses (/email/addresses, with their verification token on the
 * row: one live token per address), the user templates made from masters (/email/templates; masters are data
 * files, not rows), and the images uploaded for those templates (/email/templates-images; the bytes are files).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('email_addresses'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint')
    .addColumn('email_address', 'varchar(254)', (c) => c.notNull())
    .addColumn('email_key', 'varchar(254)', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('date_added', 'bigint', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(128)')
    .addColumn('token_expires_at', 'bigint')
    .addColumn('token_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mint_window_start', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('mint_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // One row per address (any case) within an account: a concurrent duplicate insert fails here, not twice.
  await db.schema.createIndex('email_addresses_account_key_uq').on('email_addresses').columns(['account_id', 'email_key']).unique().execute();

  await withIdColumn(db, db.schema.createTable('email_templates'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'bigint')
    .addColumn('template_id_master', 'bigint', (c) => c.notNull())
    .addColumn('template_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_templates_account_idx').on('email_templates').columns(['account_id', 'id']).execute();

  await withIdColumn(db, db.schema.createTable('email_template_images'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('template_id', 'bigint', (c) => c.notNull())
    .addColumn('file_name', 'varchar(140)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_template_images_template_idx').on('email_template_images').columns(['account_id', 'template_id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
