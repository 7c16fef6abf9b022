import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { AutomationPort, ContactListPort, WebhookOutbox } from '../../core/messaging/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { SimulatedSmsProvider } from '../../providers/sms/simulated.js';
import type { AccountsRepository } from '../accounts/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { PricingService } from '../pricing/index.js';
import { smsQueue } from './sms.queue.js';
import { smsInboxRoutes } from './sms.inbox.routes.js';
import { smsRoutes } from './sms.routes.js';
import { buildSms, type SmsServices } from './sms.services.js';
import { smsTrafficByDay, type SmsTrafficByDay } from './sms.traffic.js';

export { buildSms, type SmsServices, type SmsDeps } from './sms.services.js';
export type { SmsSendService, SmsTemplate, ContactSendResult } from './sms.send.js';
/** Personalisation as every send fills a body (a campaign's price preview shows the first contact's). */
export { fillPlaceholders } from '../../core/messaging/index.js';
export { smsQueue } from './sms.queue.js';
export { receiptSweep, AUTOMATION_SOURCE } from './sms.receipts.sweep.js';
export { SmsInboxRepository } from './sms.inbox.repository.js';
export { TEST_NUMBERS, isValidSenderId } from './sms.validate.js';
export { smsTrafficByDay, type SmsTrafficDay, type SmsTrafficByDay } from './sms.traffic.js';
export type { SmsMessageRow, SmsReceiptRow, SmsInboundRow } from './sms.tables.js';

/** SMS: sends through the simulated network (SMS_* knobs); the dispatcher hands messages off and applies their receipts. */
export function smsModule(d: {
  db: Db;
  clock: Clock;
  config: Config;
  ledger: LedgerService;
  pricing: PricingService;
  credentials: AccountsRepository;
  files: FileStore;
  /** The contacts module's lists (list_id, opt-out lists, STOP); optional so SMS runs without contacts. */
  contactLists?: ContactListPort;
  /** Automation rules (automationFiringModule): inbound SMS and receipts fire them; optional so SMS runs without them. */
  automations?: AutomationPort;
  /** The webhook outbox (webhooksModule): the test helpers push their samples through it. */
  webhooks?: WebhookOutbox;
}): Module<{ sms: SmsServices; smsTraffic: SmsTrafficByDay }> {
  const { db, clock, config, ledger, pricing, files } = d;
  const sms = buildSms({
    db,
    clock,
    config,
    ledger,
    pricing,
    accounts: d.credentials,
    files,
    provider: new SimulatedSmsProvider(config.sms),
    lists: d.contactLists,
    automations: d.automations,
    webhooks: d.webhooks,
  });
  return {
    name: 'sms',
    provides: { sms, smsTraffic: smsTrafficByDay(db) },
    routes(app) {
      smsRoutes(app, { config, sms });
      smsInboxRoutes(app, { config, sms });
    },
    queues: [smsQueue(sms.provider, { retryBaseMs: config.sms.retryBaseMs })],
    tasks: [sms.receiptSweep],
  };
}
