import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { ContactListPort } from '../../core/messaging/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { EmailProvider } from '../../providers/email/index.js';
import { currencyInfo, type AccountsRepository } from '../accounts/index.js';
import type { EmailSenderPort } from '../email-addresses/index.js';
import type { EmailTemplatePort } from '../email-templates/index.js';
import { PlainTextConverter } from '../email/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { PricingService } from '../pricing/index.js';
import { campaignJobQueue } from './email-campaigns.job.js';
import type { CampaignAccounts } from './email-campaigns.ports.js';
import { campaignDeliveryQueue } from './email-campaigns.queue.js';
import { emailCampaignsRoutes } from './email-campaigns.routes.js';
import { EmailCampaignsService } from './email-campaigns.service.js';
import { trackingRoutes } from './email-campaigns.tracking.js';

export { EmailCampaignsService } from './email-campaigns.service.js';
export { deliveryKey as emailCampaignDeliveryKey } from './email-campaigns.queue.js';
export type { EmailCampaignRow, EmailCampaignMessageRow } from './email-campaigns.tables.js';

/**
 * Email campaigns (/email-campaigns): one contact list, up to 20,000 recipients. Creating one stores it (the job's row);
 * the dispatcher expands the list in batches (EMAIL_CAMPAIGN_BATCH, each charged as it is queued) into one row per
 * recipient, and a second queue hands each email to the shared provider (EMAIL_CONCURRENCY). Opens, clicks and
 * unsubscribes come back through the anonymous routes under PUBLIC_URL/mail.
 */
export function emailCampaignsModule(d: {
  db: Db;
  clock: Clock;
  config: Config;
  files: FileStore;
  contactLists: ContactListPort;
  emailSenders: EmailSenderPort;
  emailTemplates: EmailTemplatePort;
  emailProvider: EmailProvider;
  pricing: PricingService;
  ledger: LedgerService;
  credentials: AccountsRepository;
}): Module<{ emailCampaigns: EmailCampaignsService }> {
  const { db, clock, config, ledger } = d;
  const accountOf = async (accountId: number) => {
    const a = await d.credentials.findAccount(accountId);
    return { country: a?.country ?? 'AU', currency: a?.currency ?? 'USD' };
  };
  const accounts: CampaignAccounts = {
    currencyOf: async (accountId) => currencyInfo((await accountOf(accountId)).currency),
    async emailRateMicros(accountId) {
      const a = await accountOf(accountId);
      return d.pricing.emailRateMicros(a.country, a.currency);
    },
    balance: (accountId) => ledger.balance(accountId),
    lockBalance: (trx, accountId) => ledger.lockBalance(trx, accountId),
    debit: (entry, trx) => ledger.debit(entry, trx),
    refund: (entry, trx) => ledger.credit(entry, 'refund', trx),
  };
  // Text parts of large bodies on a worker thread, started on first use (a campaign's, once per campaign).
  const plainText = new PlainTextConverter();
  const emailCampaigns = new EmailCampaignsService({
    db,
    clock,
    files: d.files,
    publicUrl: config.publicUrl,
    senders: d.emailSenders,
    templates: d.emailTemplates,
    lists: d.contactLists,
    accounts,
    maxBodyBytes: config.emailTemplates.maxBodyBytes,
    plainText,
  });
  const settings = config.emailCampaigns;
  return {
    name: 'email-campaigns',
    provides: { emailCampaigns },
    // JSON may escape every character of the HTML (\" for "), so twice the body, plus the other fields.
    routes: (app) => emailCampaignsRoutes(app, { publicUrl: config.publicUrl, campaigns: emailCampaigns, bodyLimit: config.emailTemplates.maxBodyBytes * 2 + 64 * 1024 }),
    rootRoutes: (app) =>
      trackingRoutes(app, {
        repo: emailCampaigns.repo,
        lists: d.contactLists,
        clock,
        settings: { hitsMax: settings.trackingMax, missesMax: settings.trackingMissesMax, windowS: settings.trackingWindowS },
      }),
    queues: [
      campaignJobQueue({ repo: emailCampaigns.repo, lists: d.contactLists, accounts, clock, batchSize: settings.batchSize }),
      campaignDeliveryQueue({ repo: emailCampaigns.repo, provider: d.emailProvider, publicUrl: config.publicUrl, plainText, settings: config.email }),
    ],
    close: () => plainText.close(),
  };
}
