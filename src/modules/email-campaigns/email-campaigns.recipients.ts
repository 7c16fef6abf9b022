import type { Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { isTestEmail, type ContactListPort, type ListContact } from '../../core/messaging/index.js';
import { isEmail } from '../../core/validation/index.js';

/** A contact the campaign emails: its address trimmed, and whether it is a documented test address (free, not delivered). */
interface CampaignRecipient {
  contact: ListContact;
  address: string;
  test: boolean;
}

/** Contacts read per page when a whole list is walked (price, quote). */
const PAGE = 1000;

/**
 * Which contacts of a page get an email: those with an address that looks like one, not on one of the account's opt-out
 * lists (read on `exec`, the batch's transaction when the job queues them, so an unsubscribe and a batch agree), and
 * each address once per page (a list may hold one person twice).
 */
export async function recipientsOf(exec: Db | Transaction<Database>, lists: ContactListPort, accountId: number, contacts: readonly ListContact[]): Promise<CampaignRecipient[]> {
  const candidates: CampaignRecipient[] = [];
  const seen = new Set<string>();
  for (const contact of contacts) {
    const address = contact.email?.trim() ?? '';
    if (!isEmail(address) || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    candidates.push({ contact, address, test: isTestEmail(address) });
  }
  if (candidates.length === 0) return candidates;
  const out = await lists.optedOut(
    exec,
    accountId,
    candidates.map((c) => c.address),
  );
  if (out.size === 0) return candidates;
  const lower = new Set([...out].map((a) => a.toLowerCase()));
  return candidates.filter((c) => !out.has(c.address) && !lower.has(c.address.toLowerCase()));
}

/**
 * What a campaign to a list would queue and cost: the list's pages screened; nothing stored. With `sample`, only its
 * first `sample` contacts are read and the result is scaled to `listSize`: what acceptance uses, so a 20,000-contact
 * campaign is accepted without reading the list (exact for lists up to `sample` contacts).
 */
export async function quoteList(
  db: Db,
  lists: ContactListPort,
  q: { accountId: number; listId: number; listSize: number; rateMicros: number; sample?: number },
): Promise<{ contacts: number; queued: number; totalMicros: number }> {
  const quote = { contacts: 0, queued: 0, totalMicros: 0 };
  const limit = q.sample ?? Number.POSITIVE_INFINITY;
  for (let after = 0; quote.contacts < limit; ) {
    const page = (await lists.page(q.accountId, q.listId, after, Math.min(PAGE, limit - quote.contacts))) ?? [];
    if (page.length === 0) break;
    const recipients = await recipientsOf(db, lists, q.accountId, page);
    quote.contacts += page.length;
    quote.queued += recipients.length;
    quote.totalMicros += recipients.filter((r) => !r.test).length * q.rateMicros;
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.contact_id;
  }
  if (quote.contacts > 0 && quote.contacts < q.listSize) {
    const scale = q.listSize / quote.contacts;
    const queued = Math.round(quote.queued * scale);
    // Scaled by whole emails, so the price stays a multiple of the rate.
    quote.totalMicros = Math.round((quote.totalMicros / q.rateMicros) * scale) * q.rateMicros || 0;
    quote.queued = queued;
    quote.contacts = q.listSize;
  }
  return quote;
}
