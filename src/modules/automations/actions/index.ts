import type { Config } from '../../../config/index.js';
import type { Db } from '../../../core/db/index.js';
import type { ContactListPort } from '../../../core/messaging/index.js';
import type { Module } from '../../../core/modules/index.js';
import type { EmailProvider } from '../../../providers/email/types.js';
import type { AccountsRepository } from '../../accounts/index.js';
import type { ContactsRepository } from '../../contacts/index.js';
import type { SmsServices } from '../../sms/index.js';
import { automationActionsQueue } from './actions.queue.js';
import { AutomationActionsRepository } from './actions.repository.js';

export { automationActionsQueue } from './actions.queue.js';
export { emailIn, nameIn } from './actions.contacts.js';
export { AutomationActionsRepository } from './actions.repository.js';

/**
 * Runs automation rule actions other than webhooks (AUTO_REPLY, SMS, EMAIL_USER, EMAIL_FIXED, contact actions,
 * GROUP_SMS): a dispatch queue over automation_actions, the rows firing writes with each event. Sends go through the
 * SMS pipeline (priced and charged like any send), emails through the email provider (DATA_DIR/outbox by default).
 */
export function automationActionsModule(d: {
  db: Db;
  config: Pick<Config, 'emailSms'>;
  sms: SmsServices;
  credentials: AccountsRepository;
  emailProvider: EmailProvider;
  contactLists?: ContactListPort;
  contactsRepository?: ContactsRepository;
}): Module {
  const repo = new AutomationActionsRepository(d.db);
  return {
    name: 'automation-actions',
    queues: [
      automationActionsQueue({
        repo,
        send: d.sms.send,
        credentials: d.credentials,
        email: d.emailProvider,
        emailSmsDomain: d.config.emailSms.domain,
        lists: d.contactLists,
        contacts: d.contactsRepository,
      }),
    ],
  };
}
