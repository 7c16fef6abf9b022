import path from 'node:path';
import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { OutboxEmailProvider } from '../../providers/email/outbox.js';
import type { EmailProvider } from '../../providers/email/types.js';
import { systemEmailQueue } from './notifications.queue.js';
import { NotificationsService } from './notifications.service.js';

export { NotificationsService } from './notifications.service.js';
export { NotificationsRepository } from './notifications.repository.js';
export { systemEmailQueue } from './notifications.queue.js';
export type { SystemEmailRow } from './notifications.tables.js';

/** Emails the server sends on its own behalf (activation, recovery): queued in system_emails, written to DATA_DIR/outbox. */
export function notificationsModule(d: { db: Db; clock: Clock; config: Pick<Config, 'dataDir'> }): Module<{ notifications: NotificationsService; emailProvider: EmailProvider }> {
  const emailProvider: EmailProvider = new OutboxEmailProvider(path.join(d.config.dataDir, 'outbox'));
  return {
    name: 'notifications',
    provides: { notifications: new NotificationsService(d.db, d.clock), emailProvider },
    queues: [systemEmailQueue(emailProvider)],
  };
}
