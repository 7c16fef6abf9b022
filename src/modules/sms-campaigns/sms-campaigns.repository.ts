import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { cancel as cancelDispatch, DispatchStatus, WAITING_STATUSES } from '../../core/dispatch/index.js';
import type { NewSmsCampaign, SmsCampaignRow } from './sms-campaigns.tables.js';
import './sms-campaigns.tables.js';

type Exec = Db | Transaction<Database>;

/** Per campaign: its messages stored so far, those handed to the network, and what the others cost net of refunds (from sms_messages.campaign_id). */
export interface CampaignCounts {
  queued: number;
  sent: number;
  chargedMicros: number;
}

/** What PUT /sms-campaigns/{id} may change, before the campaign starts. */
export type CampaignChanges = Pick<NewSmsCampaign, 'list_id' | 'name' | 'body' | 'from_sender' | 'url_to_shorten' | 'total_count' | 'price_micros' | 'schedule_at' | 'status' | 'updated_at'>;

/** SMS campaign SQL, always scoped by account: another account's campaign is simply not found. */
export class SmsCampaignsRepository {
  constructor(private readonly db: Db) {}

  insert(values: NewSmsCampaign): Promise<SmsCampaignRow> {
    return this.db.insertInto('sms_campaigns').values(values).returningAll().executeTakeFirstOrThrow();
  }

  find(accountId: number, id: number, exec: Exec = this.db): Promise<SmsCampaignRow | undefined> {
    return exec.selectFrom('sms_campaigns').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  /** The job's own read of its campaign (no tenancy: the row came from the dispatcher's claim). */
  byId(id: number): Promise<SmsCampaignRow | undefined> {
    return this.db.selectFrom('sms_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async page(accountId: number, limit: number, offset: number): Promise<{ rows: SmsCampaignRow[]; total: number }> {
    const base = this.db.selectFrom('sms_campaigns').where('account_id', '=', accountId);
    const [rows, total] = await Promise.all([
      base.selectAll().orderBy('id', 'asc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /** Changes a campaign no dispatcher has claimed and nobody cancelled (a conditional update: it and a claim cannot both win). */
  update(accountId: number, id: number, changes: CampaignChanges): Promise<SmsCampaignRow | undefined> {
    return this.db
      .updateTable('sms_campaigns')
      .set(changes)
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('status', 'in', WAITING_STATUSES)
      .where('cancelled_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** Counts of each campaign's messages, by campaign id; one grouped read over (account_id, campaign_id). */
  async counts(accountId: number, ids: readonly number[]): Promise<Map<number, CampaignCounts>> {
    const out = new Map<number, CampaignCounts>();
    if (ids.length === 0) return out;
    const rows = await (this.db as unknown as Kysely<any>)
      .selectFrom('sms_messages')
      .select(['campaign_id', 'status'])
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('price_micros').as('micros')])
      .where('account_id', '=', accountId)
      .where('campaign_id', 'in', ids)
      .groupBy(['campaign_id', 'status'])
      .execute();
    for (const r of rows) {
      const id = Number(r.campaign_id);
      const c = out.get(id) ?? { queued: 0, sent: 0, chargedMicros: 0 };
      c.queued += Number(r.n);
      if (r.status === DispatchStatus.Sent) c.sent += Number(r.n);
      // A cancelled message was refunded.
      if (r.status !== DispatchStatus.Cancelled) c.chargedMicros += Number(r.micros ?? 0);
      out.set(id, c);
    }
    return out;
  }

  /**
   * Marks a campaign cancelled inside the cancel's transaction: one that no dispatcher has claimed becomes Cancelled
   * (dispatch cancel()); one that is running keeps its claim and gets cancelled_at, which its job's next batch sees (the
   * batch's cursor advance is conditional on it). The row as it was, or undefined when it was cancelled already.
   */
  async markCancelled(trx: Transaction<Database>, accountId: number, id: number, now: number): Promise<SmsCampaignRow | undefined> {
    const before = await trx.selectFrom('sms_campaigns').selectAll().where('account_id', '=', accountId).where('id', '=', id).where('cancelled_at', 'is', null).executeTakeFirst();
    if (!before) return undefined;
    await cancelDispatch(trx as unknown as Kysely<any>, 'sms_campaigns', id, { account_id: accountId });
    const r = await trx
      .updateTable('sms_campaigns')
      .set({ cancelled_at: now, updated_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0 ? before : undefined;
  }

  /**
   * The job's step, inside the batch's transaction: moves the cursor from `from` to `to` only if nobody moved it and the
   * campaign was not cancelled meanwhile. False means the batch must roll back (another claimer got there, or a cancel).
   */
  async advance(trx: Transaction<Database>, id: number, from: number, to: number, handled: number): Promise<boolean> {
    const r = await trx
      .updateTable('sms_campaigns')
      .set((eb) => ({ cursor_contact_id: to, contacts_done: eb('contacts_done', '+', handled) }))
      .where('id', '=', id)
      .where('cursor_contact_id', '=', from)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async started(id: number, now: number): Promise<void> {
    await this.db.updateTable('sms_campaigns').set({ started_at: now }).where('id', '=', id).where('started_at', 'is', null).execute();
  }

  async finished(id: number, now: number): Promise<void> {
    await this.db.updateTable('sms_campaigns').set({ finished_at: now, updated_at: now }).where('id', '=', id).where('finished_at', 'is', null).execute();
  }

  /**
   * The messages one batch stored (inside its transaction): contacts after `after` up to `upTo`, in contact order. A
   * read of the campaign's own rows in sms_messages (campaign_id is the SMS module's tag for us), like counts().
   */
  batchMessages(trx: Transaction<Database>, accountId: number, campaignId: number, after: number, upTo: number): Promise<{ id: number; contact_id: number; to_number: string; body: string }[]> {
    return (trx as unknown as Transaction<any>)
      .selectFrom('sms_messages')
      .select(['id', 'contact_id', 'to_number', 'body'])
      .where('account_id', '=', accountId)
      .where('campaign_id', '=', campaignId)
      .where('contact_id', '>', after)
      .where('contact_id', '<=', upTo)
      .orderBy('contact_id')
      .execute();
  }

  /**
   * Puts each message's own short link into its body, in the batch's transaction (before any dispatcher can see the
   * rows): one UPDATE per 500 rows from a VALUES list, on either dialect.
   */
  async setBodies(trx: Transaction<Database>, bodies: readonly { id: number; body: string }[]): Promise<void> {
    for (let i = 0; i < bodies.length; i += 500) {
      const part = bodies.slice(i, i + 500);
      const values = sql.join(part.map((b) => sql`(cast(${b.id} as bigint), cast(${b.body} as text))`));
      await sql`with v(id, body) as (values ${values})
        update sms_messages set body = (select v.body from v where v.id = sms_messages.id)
        where id in (select v.id from v)`.execute(trx);
    }
  }
}
