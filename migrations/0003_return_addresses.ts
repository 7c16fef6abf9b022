import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('return_addresses'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('address_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('address_line_1', 'varchar(200)', (c) => c.notNull())
    .addColumn('address_line_2', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('address_city', 'varchar(100)', (c) => c.notNull())
    .addColumn('address_state', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('address_postal_code', 'varchar(20)', (c) => c.notNull())
    .addColumn('address_country', 'varchar(2)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('return_addresses_account_idx').on('return_addresses').columns(['account_id', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
