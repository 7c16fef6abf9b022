import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/core/db/index.js';
import { createDispatchIndex, withDispatchColumns } from '../src/core/dispatch/index.js';

/**
 * Automation rule actions that are not a webhook (src/modules/automations/actions): an auto-reply, a forward by
 * SMS or email, a contact change, a group SMS. automations firing writes one row per (event, matching rule) in the
 * transaction that stores the event; the dispatcher claims the rows like any message and runs each action once.
 * No foreign key to automation_rules: an action keeps running (with the rule as it was) when its rule is deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withDispatchColumns(
    withIdColumn(db, db.schema.createTable('automation_actions'))
      .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('rule_kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('rule_id', 'bigint', (c) => c.notNull())
      .addColumn('action', 'varchar(40)', (c) => c.notNull())
      .addColumn('action_address', 'varchar(500)', (c) => c.notNull())
      // The rule's body when it fired (AUTO_REPLY's text); null when it had none.
      .addColumn('rule_body', 'text')
      // The term of a "starts with" inbound rule (a keyword such as JOIN): contact actions read a name after it.
      .addColumn('rule_keyword', 'varchar(500)')
      // The AutomationEvent as JSON: the action needs nothing else.
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // What the action did (JSON: the message ids sent, the contacts changed, the email key), written in the same
      // transaction as its effect: a re-run that finds it does nothing again. Null until done.
      .addColumn('result', 'text')
      // GROUP_SMS: the last contact id sent to, advanced with each batch's messages (a resumable cursor).
      .addColumn('progress', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('finished_at', 'bigint'),
  ).execute();
  await createDispatchIndex(db, 'automation_actions');
  await db.schema.createIndex('automation_actions_account_idx').on('automation_actions').columns(['account_id', 'id']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
