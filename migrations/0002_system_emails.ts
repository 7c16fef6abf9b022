import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/** Emails the server itself sends (verification codes, password resets), delivered by the dispatcher. */
export async function up(db: Kysely<any>): Promise<void> {
  await withDispatchColumns(
    withIdColumn(db, db.schema.createTable('system_emails'))
      .addColumn('message_id', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('account_id', 'bigint')
      .addColumn('to_address', 'varchar(254)', (c) => c.notNull())
      .addColumn('subject', 'varchar(500)', (c) => c.notNull())
      .addColumn('body_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint'),
  ).execute();
  await createDispatchIndex(db, 'system_emails');
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
