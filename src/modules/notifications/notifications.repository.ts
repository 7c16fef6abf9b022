import type { Db } from '../../core/db/index.js';
import type { NewSystemEmail, SystemEmailRow } from './notifications.tables.js';
import './notifications.tables.js';

export class NotificationsRepository {
  constructor(readonly db: Db) {}

  insert(values: NewSystemEmail): Promise<SystemEmailRow> {
    return this.db.insertInto('system_emails').values(values).returningAll().executeTakeFirstOrThrow();
  }

  findByMessageId(messageId: string): Promise<SystemEmailRow | undefined> {
    return this.db.selectFrom('system_emails').selectAll().where('message_id', '=', messageId).executeTakeFirst();
  }
}
