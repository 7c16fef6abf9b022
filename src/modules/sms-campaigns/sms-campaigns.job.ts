import type { Transaction } from 'kysely';
import { actingAs, type AuthContext } from '../../core/auth/index.js';
import type { Database } from '../../core/db/index.js';
import type { DispatchQueue, DispatchRow } from '../../core/dispatch/index.js';
import type { ContactListPort, ListContact } from '../../core/messaging/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import type { CampaignLinks, CampaignSms } from './sms-campaigns.ports.js';
import { campaignMessage } from './sms-campaigns.price.js';
import type { SmsCampaignsRepository } from './sms-campaigns.repository.js';
import type { SmsCampaignRow } from './sms-campaigns.tables.js';

type Row = SmsCampaignRow & DispatchRow;

/** Thrown inside a batch's transaction when the cursor moved or the campaign was cancelled: the batch rolls back. */
class BatchSuperseded extends Error {}

export interface CampaignJobDeps {
  repo: SmsCampaignsRepository;
  sms: CampaignSms;
  lists: ContactListPort;
  links: CampaignLinks;
  clock: Clock;
  /** Contacts a batch (one transaction of messages). */
  batchSize: number;
}

/** The credentials that created the campaign, as its messages are sent (and charged, and refunded) by them. */
function campaignAuth(row: SmsCampaignRow): AuthContext {
  return actingAs({ accountId: Number(row.account_id), subaccountId: Number(row.subaccount_id), apiUsername: row.api_username, isPrimary: Number(row.is_primary) === 1 });
}

/**
 * The campaign job: claimed by the dispatcher when the campaign's schedule comes, it walks the list after the stored
 * cursor in contact_id order, a batch at a time, and hands each batch to the SMS pipeline. The batch's messages,
 * their debit, its short links and the cursor's advance commit in one transaction, and the advance is conditional on
 * the cursor it started from and on the campaign not being cancelled. So:
 * - a crash loses only an uncommitted batch, which the next claim (after the lease) sends again from the same cursor;
 * - a stalled dispatcher whose claim was taken over cannot commit a batch the new owner also sends (its advance fails);
 * - a cancel and a batch serialise on the campaign row: either the batch commits first and the cancel refunds its
 *   waiting messages, or the cancel commits first and the batch rolls back.
 * Every contact therefore gets exactly one message, whatever crashes.
 */
export function campaignJobQueue(d: CampaignJobDeps): DispatchQueue<Row> {
  return {
    name: 'sms_campaigns',
    table: 'sms_campaigns',
    idempotencyKey: (row) => `sms-campaign:${row.id}`,
    // Only crashes of the walk count (each claim resumes from the cursor); a database outage gets a few tries.
    retry: { maxAttempts: 10, baseDelayMs: 1_000 },
    async handle(claimed) {
      const id = Number(claimed.id);
      const auth = campaignAuth(claimed);
      await d.repo.started(id, unixSeconds(d.clock));
      for (;;) {
        const row = await d.repo.byId(id);
        // Cancelled, or gone (its account deleted): nothing more to send.
        if (!row || row.cancelled_at !== null) return { result: 'sent' };
        const cursor = Number(row.cursor_contact_id);
        const contacts = await d.lists.page(auth.accountId, Number(row.list_id), cursor, d.batchSize);
        // A list deleted while the campaign runs ends it like the list's end does.
        if (!contacts || contacts.length === 0) {
          await d.repo.finished(id, unixSeconds(d.clock));
          return { result: 'sent' };
        }
        const last = contacts[contacts.length - 1]!.contact_id;
        const url = row.url_to_shorten;
        const message = campaignMessage({ body: row.body, from: row.from_sender }, url === null ? null : d.links.exampleUrl());
        try {
          await d.sms.sendToContacts(auth, message, contacts, {
            campaignId: id,
            within: async (trx) => {
              if (!(await d.repo.advance(trx, id, cursor, last, contacts.length))) throw new BatchSuperseded();
              if (url !== null) await shortenLinks(d, trx, { accountId: auth.accountId, campaignId: id, url, contacts, after: cursor, upTo: last });
            },
          });
        } catch (err) {
          // Cancelled meanwhile, or another claimer moved the cursor: the next loop reads which, and stops or goes on.
          if (!(err instanceof BatchSuperseded)) throw err;
          const now = await d.repo.byId(id);
          const lostClaim = now?.claimed_by !== claimed.claimed_by || Number(now?.attempts) !== Number(claimed.attempts);
          if (!now || now.cancelled_at !== null || lostClaim) return { result: 'sent' };
        }
        // A turn for the API between batches: a 20,000-contact campaign never holds the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/**
 * One short link per message the batch stored (a contact refused a message gets none), minted in the batch's
 * transaction, each swapped into its message's body for the example link the body was priced with (same length, same
 * characters: the parts and the price stay right).
 */
async function shortenLinks(
  d: CampaignJobDeps,
  trx: Transaction<Database>,
  b: { accountId: number; campaignId: number; url: string; contacts: readonly ListContact[]; after: number; upTo: number },
): Promise<void> {
  const stored = await d.repo.batchMessages(trx, b.accountId, b.campaignId, b.after, b.upTo);
  if (stored.length === 0) return;
  const byId = new Map(b.contacts.map((c) => [c.contact_id, c]));
  const recipients = stored.map((m) => {
    const c = byId.get(Number(m.contact_id));
    return { contactId: Number(m.contact_id), phone: m.to_number, firstName: c?.first_name ?? null, lastName: c?.last_name ?? null };
  });
  const urls = await d.links.mint(trx, b.accountId, b.campaignId, b.url, recipients);
  const example = d.links.exampleUrl();
  await d.repo.setBodies(
    trx,
    stored.map((m, i) => ({ id: Number(m.id), body: m.body.split(example).join(urls[i]!) })),
  );
}
