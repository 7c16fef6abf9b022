import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { SmsProvider } from '../../providers/sms/types.js';
import type { AccountsRepository } from '../accounts/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { PricingService } from '../pricing/index.js';
import { MessageCancel, MessageHistory, MessageReceipts, type AutomationPort, type ContactListPort, type WebhookOutbox } from '../../core/messaging/index.js';
import { smsHistoryChannel } from './sms.history.js';
import { SmsInboxRepository } from './sms.inbox.repository.js';
import { SmsInboundService } from './sms.inbound.js';
import { smsReceiptsChannel } from './sms.receipts.js';
import { receiptSweep } from './sms.receipts.sweep.js';
import { testReceiptPush } from './sms.receipts.js';
import { SmsRepository } from './sms.repository.js';
import { SmsSendService } from './sms.send.js';

export interface SmsDeps {
  db: Db;
  clock: Clock;
  config: Config;
  ledger: LedgerService;
  pricing: PricingService;
  accounts: AccountsRepository;
  files: FileStore;
  provider: SmsProvider;
  /** The contacts module's lists (list_id, opt-out lists); absent: list_id is refused and STOP only fills sms_opt_outs. */
  lists?: ContactListPort | undefined;
  /** Automation rules: inbound messages and receipts fire them in the transaction that stores them. */
  automations?: AutomationPort | undefined;
  /** The webhook outbox: the test helpers (POST /sms/inbound, /sms/receipts with a url) push their sample through it. */
  webhooks?: WebhookOutbox | undefined;
  /** The account's main subaccount id (a test inbound that answers no message is attributed to it). */
  mainSubaccount?: ((accountId: number) => Promise<number>) | undefined;
}

/** The SMS services, one per sub-resource: the message core's, described for SMS, and SMS's own (inbound, the receipt sweep). */
export function buildSms(d: SmsDeps) {
  const repo = new SmsRepository(d.db);
  const inbox = new SmsInboxRepository(d.db);
  const mainSubaccount =
    d.mainSubaccount ??
    (async (accountId: number) => {
      const row = await d.accounts.findPrimarySubaccount(accountId);
      return row ? Number(row.id) : 0;
    });
  return {
    repo,
    inbox,
    provider: d.provider,
    send: new SmsSendService(d.db, repo, d.clock, { throttleWindowS: d.config.sms.throttleWindowS }, d.ledger, d.pricing, d.accounts, d.lists),
    history: new MessageHistory(repo.messages, d.files, d.config.publicUrl, smsHistoryChannel(repo)),
    cancel: new MessageCancel(d.db, repo.messages, d.ledger, { ledgerProduct: 'sms', noun: 'SMS' }),
    receipts: new MessageReceipts(inbox.receipts, repo.messages, d.clock, smsReceiptsChannel),
    inbound: new SmsInboundService(d.db, inbox, d.clock, d.provider.sharedNumber, d.lists, { mainSubaccount, automations: d.automations, webhooks: d.webhooks }),
    /** POST /sms/receipts {url}: queues the sample receipt's push in the transaction that stores it (none without an outbox). */
    pushTestReceipt: d.webhooks ? testReceiptPush(d.webhooks) : undefined,
    /** The receipt sweep, run by every dispatcher (the sms module lists it as a task). */
    receiptSweep: receiptSweep(d.db, inbox, d.provider, d.clock, { intervalMs: d.config.sms.receiptPollMs }, d.lists, d.automations),
  };
}

export type SmsServices = ReturnType<typeof buildSms>;
