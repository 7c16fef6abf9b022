import type { Db } from '../../core/db/index.js';
import { newDispatchValues } from '../../core/dispatch/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { newMessageId } from '../../core/util/ids.js';
import type { Notifier } from '../accounts/index.js';
import { NotificationsRepository } from './notifications.repository.js';
import type { SystemEmailRow } from './notifications.tables.js';

/**
 * Queues system emails; the dispatcher's system_emails channel delivers them. Queuing is one insert, so
 * a request that asked for an email returns without waiting for the mail provider, and a crash after
 * the insert still delivers it.
 */
export class NotificationsService implements Notifier {
  readonly repo: NotificationsRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.repo = new NotificationsRepository(db);
  }

  async email(m: { accountId: number; to: string; subject: string; text: string }): Promise<void> {
    await this.queueEmail(m);
  }

  queueEmail(m: { accountId: number | null; to: string; subject: string; text: string }): Promise<SystemEmailRow> {
    const now = unixSeconds(this.clock);
    return this.repo.insert({
      ...newDispatchValues(now, now),
      message_id: newMessageId(),
      account_id: m.accountId,
      to_address: m.to,
      subject: m.subject,
      body_text: m.text,
      created_at: now,
      sent_at: null,
    });
  }
}
