import type { Generated, Insertable, Selectable } from 'kysely';
import type { DispatchColumns } from '../../core/dispatch/index.js';

/** An email the server sends on its own behalf; one row per message, delivered by the dispatcher. */
export interface SystemEmailsTable extends DispatchColumns {
  id: Generated<number>;
  /** GUID; the provider's idempotency key, unique beyond this database (outbox files outlive it). */
  message_id: string;
  account_id: number | null;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: number;
  /** Unix seconds when the provider accepted it. */
  sent_at: number | null;
}

export type SystemEmailRow = Selectable<SystemEmailsTable>;
export type NewSystemEmail = Insertable<SystemEmailsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    system_emails: SystemEmailsTable;
  }
}
