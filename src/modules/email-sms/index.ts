import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { AccountsRepository } from '../accounts/index.js';
import { isValidSenderId, type SmsServices } from '../sms/index.js';
import { emailSmsRoutes } from './email-sms.routes.js';
import { EmailSmsService } from './email-sms.service.js';
import { EmailSmsDelivery } from './smtp/delivery.js';
import { EmailSmsListener } from './smtp/listener.js';

export { EmailSmsService } from './email-sms.service.js';
export { EmailSmsListener } from './smtp/listener.js';

/** How often old Message-IDs are forgotten. */
const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Email-to-SMS: the allowed addresses and stripped strings (/sms/email-sms…), and the SMTP listener that turns
 * mail to <number>@EMAIL_SMS_DOMAIN into SMS through the SMS module's send service. Building it listens nowhere:
 * `sendbox serve` starts `emailSmsListener` after the API listens (never `sendbox worker`); closing stops it.
 */
export function emailSmsModule(d: {
  db: Db;
  clock: Clock;
  config: Config;
  credentials: AccountsRepository;
  sms: SmsServices;
}): Module<{ emailSms: EmailSmsService; emailSmsListener: EmailSmsListener }> {
  const emailSms = new EmailSmsService(d.db, d.clock, d.credentials, isValidSenderId);
  const delivery = new EmailSmsDelivery(emailSms.repo, d.credentials, d.sms.send, d.clock);
  const { emailSms: s, authFailures } = d.config;
  const emailSmsListener = new EmailSmsListener(delivery, {
    domain: s.domain,
    maxBytes: s.maxBytes,
    maxClients: s.maxClients,
    maxRecipients: s.maxRecipients,
    connectionsPerMinute: s.connectionsPerMinute,
    failures: authFailures,
  });
  return {
    name: 'email-sms',
    provides: { emailSms, emailSmsListener },
    routes: (app) => emailSmsRoutes(app, { config: d.config, emailSms }),
    tasks: [{ name: 'email-sms.received-prune', intervalMs: PRUNE_INTERVAL_MS, run: () => delivery.pruneReceived() }],
    close: () => emailSmsListener.close(),
  };
}
