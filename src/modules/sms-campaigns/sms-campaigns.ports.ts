import type { Transaction } from 'kysely';
import type { AuthContext } from '../../core/auth/index.js';
import type { Database } from '../../core/db/index.js';
import type { ListContact } from '../../core/messaging/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import type { LinkStatistics, LinkTrackingItem } from '../short-links/index.js';

/*
 * What campaigns need from the SMS and short-links modules, narrowed to what this module calls (index.ts adapts
 * their services to these): the module's own code never reaches into another module's internals.
 */

/** A campaign's message before the SMS pipeline fills its placeholders from the contact it goes to. */
export interface CampaignMessage {
  body: string;
  from?: string;
  schedule?: number;
}

/** A batch of contacts priced as /sms/price would (opt-outs refused, credit not checked); nothing stored. */
export interface PricedContacts {
  totalMicros: number;
  /** Messages that would be accepted. */
  accepted: number;
  /** The first contact's message as it would be sent (placeholders filled), if any. */
  firstBody: string | undefined;
}

export interface CampaignSms {
  price(auth: AuthContext, message: CampaignMessage, contacts: readonly ListContact[]): Promise<PricedContacts>;
  /**
   * One message per contact (placeholders filled from it) through the SMS pipeline: the same checks, prices, opt-outs,
   * credit (refused per message), ledger and queue as /sms/send, each row tagged with the campaign. `within` runs
   * inside the send's transaction after the rows are written; a throw there rolls the whole batch back.
   */
  sendToContacts(auth: AuthContext, message: CampaignMessage, contacts: readonly ListContact[], opts: { campaignId: number; within: (trx: Transaction<Database>) => Promise<void> }): Promise<void>;
  /** Cancels the campaign's messages still waiting (Scheduled, or Queued and not handed off) and refunds them, in `trx`. */
  cancelCampaign(trx: Transaction<Database>, auth: AuthContext, campaignId: number): Promise<number>;
  isValidSenderId(from: string): boolean;
}

/** The recipient a short link remembers (tracking shows it even after the contact changes). */
export interface LinkRecipient {
  contactId: number;
  phone: string;
  firstName: string | null;
  lastName: string | null;
}

export interface CampaignLinks {
  /**
   * A link exactly as long as minted ones, in the same characters: bodies are priced and sent through the pipeline with
   * it, and each batch's transaction swaps it for the recipient's own link, so parts and prices are those of the real text.
   */
  exampleUrl(): string;
  /** A target URL normalised, or the problem with it (naming url_to_shorten). */
  checkTarget(url: string): { url: string; problem?: undefined } | { url?: undefined; problem: string };
  /** One new link per recipient to `targetUrl`, in `trx` (the batch's), in the recipients' order. */
  mint(trx: Transaction<Database>, accountId: number, campaignId: number, targetUrl: string, recipients: readonly LinkRecipient[]): Promise<string[]>;
  tracking(accountId: number, campaignId: number, page: PageRequest): Promise<{ items: LinkTrackingItem[]; total: number }>;
  statistics(accountId: number, campaignId: number): Promise<LinkStatistics>;
  exportCsv(accountId: number, campaignId: number, filename: string): Promise<{ url: string }>;
}
