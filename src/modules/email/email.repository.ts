import type { Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { MessageStore, type MessageTableSpec } from '../../core/messaging/index.js';
import type { EmailMessageRow, EmailReceiptRow, EmailReceiptsTable, NewEmailMessage } from './email.tables.js';
import type { Insertable } from 'kysely';
import './email.tables.js';

/** email_messages as the message core sees it: an email is priced by its (chargeable) recipients. */
export const EMAIL_TABLE: MessageTableSpec = { table: 'email_messages', unitsColumn: 'recipients' };

type Exec = Db | Transaction<Database>;

/** SQL over email_messages and email_receipts; every read is scoped to an account except the sweep's. */
export class EmailRepository {
  readonly messages: MessageStore<EmailMessageRow>;

  constructor(private readonly db: Db) {
    this.messages = new MessageStore<EmailMessageRow>(db, EMAIL_TABLE);
  }

  insert(trx: Transaction<Database>, row: NewEmailMessage): Promise<EmailMessageRow> {
    return trx.insertInto('email_messages').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Emails whose hand-off has an outcome and whose receipts are not written yet, oldest first. */
  pendingReceipts(limit: number): Promise<EmailMessageRow[]> {
    return this.db.selectFrom('email_messages').selectAll().where('receipt_pending', '=', 1).orderBy('id').limit(limit).execute();
  }

  /** Claims the receipts of these emails for one transaction: ids still pending (a racing sweep takes each once). */
  async takeReceipts(trx: Transaction<Database>, ids: number[]): Promise<Set<number>> {
    const taken = new Set<number>();
    for (const id of ids) {
      const r = await trx.updateTable('email_messages').set({ receipt_pending: 0 }).where('id', '=', id).where('receipt_pending', '=', 1).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) taken.add(id);
    }
    return taken;
  }

  async insertReceipts(exec: Exec, rows: Insertable<EmailReceiptsTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await exec
        .insertInto('email_receipts')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['message_id', 'email']).doNothing())
        .execute();
    }
  }

  insertReceipt(exec: Exec, row: Insertable<EmailReceiptsTable>): Promise<EmailReceiptRow> {
    return exec.insertInto('email_receipts').values(row).returningAll().executeTakeFirstOrThrow();
  }

  receiptsOf(accountId: number, messageId: string): Promise<EmailReceiptRow[]> {
    return this.db.selectFrom('email_receipts').selectAll().where('account_id', '=', accountId).where('message_id', '=', messageId).orderBy('id').execute();
  }
}
