import type { AuthContext } from '../../core/auth/index.js';
import type { ContactListPort, ListContact } from '../../core/messaging/index.js';
import type { CampaignInput } from './sms-campaigns.input.js';
import { withShortLink } from './sms-campaigns.input.js';
import type { CampaignMessage, CampaignSms } from './sms-campaigns.ports.js';

/** Contacts read, and messages priced, per step: one keyset page, one /sms/price-sized batch. */
const PAGE = 1000;

export interface CampaignQuote {
  /** Contacts in the list. */
  contacts: number;
  /** Messages that would be accepted (a phone number, not opted out, a priced country). */
  accepted: number;
  totalMicros: number;
  /** The first contact's message as it would be sent (placeholders filled), or the body as given for an empty list. */
  firstBody: string;
}

/**
 * A campaign's message before the SMS pipeline personalises it: the short link in place of its placeholder. A price
 * carries the campaign's schedule; the job sends at once (its schedule has come), so it passes none.
 */
export function campaignMessage(c: Pick<CampaignInput, 'body' | 'from'>, shortUrl: string | null, schedule?: number): CampaignMessage {
  return {
    body: shortUrl === null ? c.body : withShortLink(c.body, shortUrl),
    ...(c.from !== null ? { from: c.from } : {}),
    ...(schedule !== undefined ? { schedule } : {}),
  };
}

/**
 * Prices a campaign as its job will send it: every contact's message through the SMS pipeline's rules (parts of the
 * filled body, the country's rate, opt-outs refused), a page of the list at a time. Short links are priced at the
 * length of a real one. Nothing is stored or charged.
 */
export async function quoteCampaign(sms: CampaignSms, lists: ContactListPort, auth: AuthContext, c: CampaignInput, exampleUrl: string): Promise<CampaignQuote> {
  const message = campaignMessage(c, c.urlToShorten === null ? null : exampleUrl, c.scheduleAt);
  const quote: CampaignQuote = { contacts: 0, accepted: 0, totalMicros: 0, firstBody: message.body };
  let after = 0;
  for (;;) {
    const page: ListContact[] = (await lists.page(auth.accountId, c.listId, after, PAGE)) ?? [];
    if (page.length === 0) break;
    const priced = await sms.price(auth, message, page);
    if (quote.contacts === 0 && priced.firstBody !== undefined) quote.firstBody = priced.firstBody;
    quote.contacts += page.length;
    quote.accepted += priced.accepted;
    quote.totalMicros += priced.totalMicros;
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.contact_id;
  }
  return quote;
}
