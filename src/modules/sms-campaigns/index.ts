import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { ContactListPort } from '../../core/messaging/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { currencyInfo, type AccountsRepository } from '../accounts/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { ShortLinksService } from '../short-links/index.js';
import { isValidSenderId, type SmsServices } from '../sms/index.js';
import { campaignJobQueue } from './sms-campaigns.job.js';
import { smsCampaignLinkRoutes } from './sms-campaigns.links.routes.js';
import type { CampaignLinks, CampaignSms } from './sms-campaigns.ports.js';
import { smsCampaignsRoutes } from './sms-campaigns.routes.js';
import { SmsCampaignsService } from './sms-campaigns.service.js';

export { SmsCampaignsService } from './sms-campaigns.service.js';
export { MAX_CAMPAIGN_RECIPIENTS } from './sms-campaigns.input.js';
export type { SmsCampaignRow } from './sms-campaigns.tables.js';

/** The SMS module's services as a campaign uses them. */
function campaignSms(sms: SmsServices): CampaignSms {
  return {
    async price(auth, message, contacts) {
      const results = await sms.send.priceToContacts(auth, message, contacts);
      let totalMicros = 0;
      let accepted = 0;
      for (const r of results) {
        if (r.status !== 'SUCCESS') continue;
        accepted++;
        totalMicros += r.price_micros;
      }
      return { totalMicros, accepted, firstBody: results[0]?.body };
    },
    async sendToContacts(auth, message, contacts, opts) {
      await sms.send.sendToContacts(auth, message, contacts, opts);
    },
    cancelCampaign: (trx, auth, campaignId) => sms.cancel.cancelWaiting(trx, auth.accountId, { campaign_id: campaignId }, `sms-campaign:${campaignId}`),
    isValidSenderId,
  };
}

/** The short-links service as a campaign uses it. */
function campaignLinks(links: ShortLinksService, codeLength: number): CampaignLinks {
  // Base62 letters like a real code's (GSM-7 single-byte characters): the same parts and price as the real link.
  const example = links.urlOf('x'.repeat(codeLength));
  return {
    exampleUrl: () => example,
    checkTarget: (url) => links.checkTargetUrl(url),
    async mint(trx, accountId, campaignId, targetUrl, recipients) {
      const minted = await links.mint(
        trx,
        accountId,
        campaignId,
        recipients.map((r) => ({ ...r, targetUrl })),
      );
      return minted.map((m) => m.url);
    },
    tracking: (accountId, campaignId, page) => links.tracking(accountId, campaignId, page),
    statistics: (accountId, campaignId) => links.statistics(accountId, campaignId),
    exportCsv: (accountId, campaignId, filename) => links.exportCsv(accountId, campaignId, filename),
  };
}

/**
 * SMS campaigns (/sms-campaigns): one contact list, up to 20,000 recipients, sent by a dispatcher job through the SMS
 * pipeline in batches (SMS_CAMPAIGN_BATCH), with a short link per recipient when url_to_shorten is given.
 */
export function smsCampaignsModule(d: {
  db: Db;
  clock: Clock;
  config: Config;
  sms: SmsServices;
  contactLists: ContactListPort;
  shortLinks: ShortLinksService;
  ledger: LedgerService;
  credentials: AccountsRepository;
}): Module<{ smsCampaigns: SmsCampaignsService }> {
  const { db, clock, config, ledger } = d;
  const sms = campaignSms(d.sms);
  const links = campaignLinks(d.shortLinks, config.shortLinks.codeLength);
  const accounts = {
    async currencyOf(accountId: number) {
      return currencyInfo((await d.credentials.findAccount(accountId))?.currency ?? 'USD');
    },
    balance: (accountId: number) => ledger.balance(accountId),
    lockBalance: ledger.lockBalance.bind(ledger),
  };
  const smsCampaigns = new SmsCampaignsService({ db, clock, sms, lists: d.contactLists, links, accounts });
  return {
    name: 'sms-campaigns',
    provides: { smsCampaigns },
    routes(app) {
      smsCampaignsRoutes(app, { config, campaigns: smsCampaigns });
      smsCampaignLinkRoutes(app, { config, campaigns: smsCampaigns, links });
    },
    queues: [campaignJobQueue({ repo: smsCampaigns.repo, sms, lists: d.contactLists, links, clock, batchSize: config.smsCampaigns.batchSize })],
  };
}
