import type { Config } from '../../config/index.js';
import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { AutomationPort, WebhookOutbox } from '../../core/messaging/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { AccountsRepository } from '../accounts/index.js';
import type { EmailSenderPort } from '../email-addresses/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { PricingService } from '../pricing/index.js';
import { EmailHistory } from './email.history.js';
import { PlainTextConverter } from './email.plain-text.js';
import { emailReceiptSweep, testReceipt } from './email.receipts.js';
import { EmailRepository } from './email.repository.js';
import { EmailSendService } from './email.send.js';

export interface EmailDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'email'>;
  ledger: LedgerService;
  pricing: PricingService;
  accounts: AccountsRepository;
  files: FileStore;
  senders: EmailSenderPort;
  automations?: AutomationPort | undefined;
  webhooks?: WebhookOutbox | undefined;
  /** How often the receipt sweep runs, ms. */
  receiptSweepMs?: number;
}

export function buildEmail(d: EmailDeps) {
  const repo = new EmailRepository(d.db);
  const e = d.config.email;
  const plainText = new PlainTextConverter();
  return {
    plainText,
    repo,
    send: new EmailSendService(
      d.db,
      repo,
      d.clock,
      { maxRecipients: e.maxRecipients, maxAttachmentBytes: e.maxAttachmentBytes, maxMessageBytes: e.maxMessageBytes, publicUrl: d.config.publicUrl },
      d.ledger,
      d.pricing,
      d.accounts,
      d.senders,
      d.files,
      plainText,
    ),
    history: new EmailHistory(repo, d.files, d.config.publicUrl, d.accounts),
    testReceipt: (auth: AuthContext, url: string) => testReceipt(d.db, repo, d.clock, d.webhooks, auth, url),
    receiptSweep: emailReceiptSweep(d.db, repo, d.clock, { intervalMs: d.receiptSweepMs ?? 500 }, d.automations),
  };
}

export type EmailServices = ReturnType<typeof buildEmail>;
