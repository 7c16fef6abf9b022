import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { type EmailProvider, emailProviderFrom } from '../../providers/email/index.js';
import { systemEmailQueue } from './notifications.queue.js';
import { NotificationsService } from './notifications.service.js';

export { NotificationsService } from './notifications.service.js';
export { NotificationsRepository } from './notifications.repository.js';
export { systemEmailQueue } from './notifications.queue.js';
export type { SystemEmailRow } from './notifications.tables.js';

/** Emails the server sends on its own behalf (activation, recovery): queued in system_emails, sent through the configured provider. */
export function notificationsModule(d: { db: Db; clock: Clock; config: Pick<Config, 'dataDir' | 'email'> }): Module<{ notifications: NotificationsService; emailProvider: EmailProvider }> {
  // SMTP_URL's relay or the outbox: system mail, transactional and campaign email all leave through this one provider.
  const emailProvider = emailProviderFrom(d.config);
  const e = d.config.email;
  return {
    name: 'notifications',
    provides: { notifications: new NotificationsService(d.db, d.clock), emailProvider },
    queues: [systemEmailQueue(emailProvider, { retry: { baseDelayMs: e.retryBaseMs, maxDelayMs: e.retryMaxMs, maxAttempts: e.maxAttempts }, concurrency: e.concurrency })],
    // After the dispatcher has stopped (close hooks run in reverse order): QUITs the relay's pooled connections.
    close: async () => {
      await emailProvider.close?.();
    },
  };
}
