import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { cancel as cancelDispatch, DispatchStatus, WAITING_STATUSES } from '../../core/dispatch/index.js';
import type { EmailCampaignMessageRow, EmailCampaignRow, NewEmailCampaign, NewEmailCampaignMessage } from './email-campaigns.tables.js';
import './email-campaigns.tables.js';

type Exec = Db | Transaction<Database>;

/** A campaign's counters, all derived from its recipients' rows (so they never disagree with history). */
export interface CampaignCounters {
  sent: number;
  hardBounces: number;
  softBounces: number;
  opens: number;
  clicks: number;
  unsubscribes: number;
}

export type CampaignJobState = Pick<EmailCampaignRow, 'id' | 'account_id' | 'subaccount_id' | 'list_id' | 'cursor_contact_id' | 'cancelled_at' | 'claimed_by' | 'attempts'>;

/** last_error of a recipient the balance did not cover when its batch was queued: Failed, but no bounce. */
export const NO_CREDIT = 'INSUFFICIENT_CREDIT';

export const NO_COUNTERS: CampaignCounters = { sent: 0, hardBounces: 0, softBounces: 0, opens: 0, clicks: 0, unsubscribes: 0 };

/** What PUT /email-campaigns/{id} may change, before the campaign starts. */
export type CampaignChanges = Omit<
  NewEmailCampaign,
  | 'account_id'
  | 'subaccount_id'
  | 'api_username'
  | 'is_primary'
  | 'created_at'
  | 'cursor_contact_id'
  | 'contacts_done'
  | 'started_at'
  | 'finished_at'
  | 'cancelled_at'
  | 'claimed_by'
  | 'claimed_until'
  | 'attempts'
  | 'next_attempt_at'
  | 'last_error'
>;

/** Email campaign SQL; the API's reads are scoped by account (another account's campaign is simply not found). */
export class EmailCampaignsRepository {
  constructor(readonly db: Db) {}

  insert(values: NewEmailCampaign): Promise<EmailCampaignRow> {
    return this.db.insertInto('email_campaigns').values(values).returningAll().executeTakeFirstOrThrow();
  }

  find(accountId: number, id: number, exec: Exec = this.db): Promise<EmailCampaignRow | undefined> {
    return exec.selectFrom('email_campaigns').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  /** The job's and the delivery queue's own read (no tenancy: the id came from a claimed row). */
  /** What the campaign job reads before each batch: not the body (up to 512 KiB) and its text part. */
  jobState(id: number): Promise<CampaignJobState | undefined> {
    return this.db
      .selectFrom('email_campaigns')
      .select(['id', 'account_id', 'subaccount_id', 'list_id', 'cursor_contact_id', 'cancelled_at', 'claimed_by', 'attempts'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  byId(id: number): Promise<EmailCampaignRow | undefined> {
    return this.db.selectFrom('email_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async page(accountId: number, limit: number, offset: number): Promise<{ rows: EmailCampaignRow[]; total: number }> {
    const base = this.db.selectFrom('email_campaigns').where('account_id', '=', accountId);
    const [rows, total] = await Promise.all([
      base.selectAll().orderBy('id', 'asc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /** Changes a campaign no dispatcher has claimed and nobody cancelled (conditional: it and a claim cannot both win). */
  update(accountId: number, id: number, changes: CampaignChanges): Promise<EmailCampaignRow | undefined> {
    return this.db
      .updateTable('email_campaigns')
      .set(changes)
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('status', 'in', WAITING_STATUSES)
      .where('cancelled_at', 'is', null)
      .where('started_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** Each campaign's counters: one grouped read of its recipients (the (campaign_id, contact_id) index). */
  async counters(ids: readonly number[]): Promise<Map<number, CampaignCounters>> {
    const out = new Map<number, CampaignCounters>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('email_campaign_messages')
      .select([
        'campaign_id',
        sql<number>`sum(case when status = ${DispatchStatus.Sent} then 1 else 0 end)`.as('sent'),
        sql<number>`sum(case when status = ${DispatchStatus.Failed} and coalesce(last_error, '') <> ${NO_CREDIT} then 1 else 0 end)`.as('hard'),
        sql<number>`sum(case when attempts > 1 then attempts - 1 else 0 end)`.as('soft'),
        sql<number>`sum(open_count)`.as('opens'),
        sql<number>`sum(click_count)`.as('clicks'),
        sql<number>`sum(case when unsubscribed_at is null then 0 else 1 end)`.as('unsubs'),
      ])
      .where('campaign_id', 'in', ids)
      .groupBy('campaign_id')
      .execute();
    for (const r of rows) {
      out.set(Number(r.campaign_id), {
        sent: Number(r.sent ?? 0),
        hardBounces: Number(r.hard ?? 0),
        softBounces: Number(r.soft ?? 0),
        opens: Number(r.opens ?? 0),
        clicks: Number(r.clicks ?? 0),
        unsubscribes: Number(r.unsubs ?? 0),
      });
    }
    return out;
  }

  /**
   * Marks a campaign cancelled in the cancel's transaction: a job no dispatcher has claimed becomes Cancelled; a running
   * one keeps its claim and gets cancelled_at, which its next batch sees. The row as it was, or undefined when it was
   * cancelled already.
   */
  async markCancelled(trx: Transaction<Database>, accountId: number, id: number, now: number): Promise<EmailCampaignRow | undefined> {
    const before = await this.find(accountId, id, trx);
    if (!before || before.cancelled_at !== null) return undefined;
    await cancelDispatch(trx as unknown as Kysely<any>, 'email_campaigns', id, { account_id: accountId });
    const r = await trx
      .updateTable('email_campaigns')
      .set({ cancelled_at: now, updated_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0 ? before : undefined;
  }

  /** Cancels the campaign's recipients still waiting (not claimed for delivery); what they had paid, to refund. */
  async cancelWaiting(trx: Transaction<Database>, campaignId: number): Promise<{ count: number; micros: number }> {
    const rows = await trx
      .updateTable('email_campaign_messages')
      .set({ status: DispatchStatus.Cancelled })
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', WAITING_STATUSES)
      .returning('price_micros')
      .execute();
    return { count: rows.length, micros: rows.reduce((a, r) => a + Number(r.price_micros), 0) };
  }

  /** The job's step, in the batch's transaction: the cursor moves from `from` to `to` only if nobody moved it and no cancel came. */
  async advance(trx: Transaction<Database>, id: number, from: number, to: number, handled: number): Promise<boolean> {
    const r = await trx
      .updateTable('email_campaigns')
      .set((eb) => ({ cursor_contact_id: to, contacts_done: eb('contacts_done', '+', handled) }))
      .where('id', '=', id)
      .where('cursor_contact_id', '=', from)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async started(id: number, now: number): Promise<void> {
    await this.db.updateTable('email_campaigns').set({ started_at: now }).where('id', '=', id).where('started_at', 'is', null).execute();
  }

  async finished(id: number, now: number): Promise<void> {
    await this.db.updateTable('email_campaigns').set({ finished_at: now, updated_at: now }).where('id', '=', id).where('finished_at', 'is', null).execute();
  }

  /** A batch's recipients, in its transaction: multi-row inserts of 500. */
  async insertMessages(trx: Transaction<Database>, rows: readonly NewEmailCampaignMessage[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('email_campaign_messages')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  /** Recipients of a campaign in contact order, optionally queued within [from, to]; a page, or a keyset batch after `afterContactId`. */
  async history(campaignId: number, range: { from?: number | undefined; to?: number | undefined }, p: { limit: number; offset?: number; afterContactId?: number }): Promise<EmailCampaignMessageRow[]> {
    let q = this.db.selectFrom('email_campaign_messages').selectAll().where('campaign_id', '=', campaignId);
    if (range.from !== undefined) q = q.where('created_at', '>=', range.from);
    if (range.to !== undefined) q = q.where('created_at', '<=', range.to);
    if (p.afterContactId !== undefined) q = q.where('contact_id', '>', p.afterContactId);
    return q
      .orderBy('contact_id')
      .limit(p.limit)
      .offset(p.offset ?? 0)
      .execute();
  }

  async historyCount(campaignId: number, range: { from?: number | undefined; to?: number | undefined }): Promise<number> {
    let q = this.db
      .selectFrom('email_campaign_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId);
    if (range.from !== undefined) q = q.where('created_at', '>=', range.from);
    if (range.to !== undefined) q = q.where('created_at', '<=', range.to);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  // Tracking: each answer is one statement through the unique token index.

  /** Counts an open; the campaign it belongs to, or undefined for an unknown token. */
  async recordOpen(token: string): Promise<number | undefined> {
    const r = await this.db
      .updateTable('email_campaign_messages')
      .set((eb) => ({ open_count: eb('open_count', '+', 1) }))
      .where('token', '=', token)
      .returning('campaign_id')
      .executeTakeFirst();
    return r === undefined ? undefined : Number(r.campaign_id);
  }

  /** The recipient of a token with its campaign's stored links (one join through the token index). */
  clickTarget(token: string): Promise<{ id: number; contact_json: string; links_json: string } | undefined> {
    return this.db
      .selectFrom('email_campaign_messages as m')
      .innerJoin('email_campaigns as c', 'c.id', 'm.campaign_id')
      .select(['m.id', 'm.contact_json', 'c.links_json'])
      .where('m.token', '=', token)
      .executeTakeFirst();
  }

  async recordClick(id: number): Promise<void> {
    await this.db
      .updateTable('email_campaign_messages')
      .set((eb) => ({ click_count: eb('click_count', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  byToken(token: string): Promise<Pick<EmailCampaignMessageRow, 'id' | 'account_id' | 'to_address' | 'unsubscribed_at'> | undefined> {
    return this.db.selectFrom('email_campaign_messages').select(['id', 'account_id', 'to_address', 'unsubscribed_at']).where('token', '=', token).executeTakeFirst();
  }

  /** Marks the recipient unsubscribed once (in the opt-out's transaction); false when it was already. */
  async markUnsubscribed(trx: Transaction<Database>, id: number, now: number): Promise<boolean> {
    const r = await trx.updateTable('email_campaign_messages').set({ unsubscribed_at: now }).where('id', '=', id).where('unsubscribed_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
