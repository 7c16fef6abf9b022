import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/index.js';
import { DispatchStatus, newDispatchValues, type DispatchQueue, type DispatchRow } from '../../core/dispatch/index.js';
import type { ContactListPort } from '../../core/messaging/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { newMessageId, newToken } from './email-campaigns.html.js';
import type { CampaignAccounts } from './email-campaigns.ports.js';
import { recipientsOf } from './email-campaigns.recipients.js';
import { NO_CREDIT, type EmailCampaignsRepository } from './email-campaigns.repository.js';
import type { EmailCampaignRow, NewEmailCampaignMessage } from './email-campaigns.tables.js';

type Row = EmailCampaignRow & DispatchRow;

/** Thrown inside a batch's transaction when the cursor moved or the campaign was cancelled: the batch rolls back. */
class BatchSuperseded extends Error {}

export interface CampaignJobDeps {
  repo: EmailCampaignsRepository;
  lists: ContactListPort;
  accounts: CampaignAccounts;
  clock: Clock;
  /** Contacts a batch (one transaction of recipients). */
  batchSize: number;
}

/**
 * The campaign job (modelled on the SMS campaign job): claimed by the dispatcher when the campaign's schedule comes, it
 * walks the list after the stored cursor in contact_id order, a batch at a time. A batch's recipients, their debit and
 * the cursor's advance commit in one transaction, the advance conditional on the cursor it started from and on no
 * cancel. So a crash loses only an uncommitted batch (the next claim redoes it from the same cursor); a stalled
 * dispatcher whose claim was taken over cannot commit a batch the new owner also queues; a cancel and a batch serialise
 * on the balance lock then the campaign row. Every contact is queued exactly once, whatever crashes.
 */
export function campaignJobQueue(d: CampaignJobDeps): DispatchQueue<Row> {
  return {
    name: 'email_campaigns',
    table: 'email_campaigns',
    idempotencyKey: (row) => `email-campaign:${row.id}`,
    retry: { maxAttempts: 10, baseDelayMs: 1_000 },
    async handle(claimed) {
      const id = Number(claimed.id);
      await d.repo.started(id, unixSeconds(d.clock));
      const rate = await d.accounts.emailRateMicros(Number(claimed.account_id));
      for (;;) {
        const row = await d.repo.jobState(id);
        if (!row || row.cancelled_at !== null) return { result: 'sent' };
        const accountId = Number(row.account_id);
        const cursor = Number(row.cursor_contact_id);
        const contacts = await d.lists.page(accountId, Number(row.list_id), cursor, d.batchSize);
        // A list deleted while the campaign runs ends it as the list's end does.
        if (!contacts || contacts.length === 0) {
          await d.repo.finished(id, unixSeconds(d.clock));
          return { result: 'sent' };
        }
        const last = contacts[contacts.length - 1]!.contact_id;
        try {
          await d.repo.db.transaction().execute(async (trx) => {
            const balance = await d.accounts.lockBalance(trx, accountId);
            if (!(await d.repo.advance(trx, id, cursor, last, contacts.length))) throw new BatchSuperseded();
            await queueBatch(d, trx, row, await recipientsOf(trx, d.lists, accountId, contacts), { rate, balance });
          });
        } catch (err) {
          if (!(err instanceof BatchSuperseded)) throw err;
          const now = await d.repo.jobState(id);
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
 * One batch's recipient rows, in the batch's transaction, and one ledger debit for them. Documented test addresses are
 * stored Sent, free and never delivered; a recipient the balance no longer covers is stored Failed (INSUFFICIENT_CREDIT)
 * and not charged: the balance never goes below zero, whatever else the account spends meanwhile.
 */
async function queueBatch(
  d: CampaignJobDeps,
  trx: Transaction<Database>,
  c: Pick<EmailCampaignRow, 'id' | 'account_id' | 'subaccount_id'>,
  recipients: Awaited<ReturnType<typeof recipientsOf>>,
  money: { rate: number; balance: number },
): Promise<void> {
  const nowS = unixSeconds(d.clock);
  let left = money.balance;
  let charged = 0;
  const rows: NewEmailCampaignMessage[] = recipients.map((r) => {
    const covered = r.test || left >= money.rate;
    if (!r.test && covered) {
      left -= money.rate;
      charged++;
    }
    const name = [r.contact.first_name, r.contact.last_name].filter((x) => x && x.trim() !== '').join(' ');
    const dispatch = newDispatchValues(nowS, nowS);
    return {
      account_id: Number(c.account_id),
      campaign_id: Number(c.id),
      contact_id: r.contact.contact_id,
      to_address: r.address,
      to_name: name.slice(0, 200),
      contact_json: JSON.stringify(r.contact),
      token: newToken(),
      message_id: newMessageId(),
      price_micros: r.test || !covered ? 0 : money.rate,
      processed_at: r.test ? nowS : null,
      relay_response: r.test ? 'test address: accepted, not delivered' : null,
      open_count: 0,
      click_count: 0,
      unsubscribed_at: null,
      created_at: nowS,
      ...dispatch,
      ...(r.test ? { status: DispatchStatus.Sent } : covered ? {} : { status: DispatchStatus.Failed, last_error: NO_CREDIT }),
    };
  });
  if (charged > 0) {
    await d.accounts.debit(
      {
        accountId: Number(c.account_id),
        subaccountId: Number(c.subaccount_id),
        amountMicros: charged * money.rate,
        product: 'email',
        quantity: charged,
        reference: `email-campaign:${Number(c.id)}`,
        description: `Email campaign #${Number(c.id)}: ${charged} email(s)`,
      },
      trx,
    );
  }
  await d.repo.insertMessages(trx, rows);
}
