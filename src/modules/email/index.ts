import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { AutomationPort, WebhookOutbox } from '../../core/messaging/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { EmailProvider } from '../../providers/email/index.js';
import type { AccountsRepository } from '../accounts/index.js';
import type { EmailSenderPort } from '../email-addresses/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { PricingService } from '../pricing/index.js';
import { emailQueue } from './email.queue.js';
import { emailRoutes } from './email.routes.js';
import { buildEmail, type EmailServices } from './email.services.js';

export { buildEmail, type EmailServices } from './email.services.js';
export { emailQueue, outgoingOf } from './email.queue.js';
/** The plain text of an HTML body, on a worker thread when it is large (campaigns build theirs with one too). */
export { PlainTextConverter } from './email.plain-text.js';
export type { EmailMessageRow, EmailReceiptRow } from './email.tables.js';

/** JSON overhead a request may carry besides its base64 (addresses, subject, field names). */
const JSON_OVERHEAD = 1024 * 1024;

/**
 * Transactional email (POST /email/send, /email/price, GET /email/history[/export], POST /email/receipts):
 * stored in email_messages, charged per recipient, handed to the shared `emailProvider` (SMTP relay or
 * outbox) by its dispatch queue; receipts fire the email-receipt automation rules.
 */
export function emailModule(d: {
  db: Db;
  clock: Clock;
  config: Config;
  ledger: LedgerService;
  pricing: PricingService;
  credentials: AccountsRepository;
  files: FileStore;
  emailProvider: EmailProvider;
  emailSenders: EmailSenderPort;
  automations?: AutomationPort;
  webhooks?: WebhookOutbox;
}): Module<{ email: EmailServices }> {
  const { config } = d;
  const email = buildEmail({
    db: d.db,
    clock: d.clock,
    config,
    ledger: d.ledger,
    pricing: d.pricing,
    accounts: d.credentials,
    files: d.files,
    senders: d.emailSenders,
    automations: d.automations,
    webhooks: d.webhooks,
  });
  // Attachments travel as base64 (4 characters per 3 bytes): the limit fits a full email, and no more.
  const bodyLimit = Math.ceil((config.email.maxMessageBytes * 4) / 3) + JSON_OVERHEAD;
  return {
    name: 'email',
    provides: { email },
    routes(app) {
      emailRoutes(app, { publicUrl: config.publicUrl, email, bodyLimit });
    },
    queues: [
      emailQueue(d.emailProvider, d.files, {
        concurrency: config.email.concurrency,
        retryBaseMs: config.email.retryBaseMs,
        retryMaxMs: config.email.retryMaxMs,
        maxAttempts: config.email.maxAttempts,
      }),
    ],
    tasks: [email.receiptSweep],
    close: () => email.plainText.close(),
  };
}
