import type { Transaction } from 'kysely';
import type { AuthContext } from '../../core/auth/index.js';
import type { Database, Db } from '../../core/db/index.js';
import { newDispatchValues } from '../../core/dispatch/index.js';
import { ApiError, lacksAccess, notFoundById } from '../../core/errors/index.js';
import type { ContactListPort } from '../../core/messaging/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { microsToDecimal } from '../../core/util/money.js';
import { checkCampaignInput, MAX_CAMPAIGN_RECIPIENTS, type CampaignInput } from './sms-campaigns.input.js';
import type { CampaignLinks, CampaignSms } from './sms-campaigns.ports.js';
import { presentCampaign } from './sms-campaigns.presenter.js';
import { quoteCampaign, type CampaignQuote } from './sms-campaigns.price.js';
import { SmsCampaignsRepository } from './sms-campaigns.repository.js';
import type { SmsCampaignBody } from './sms-campaigns.schemas.js';
import type { SmsCampaignRow } from './sms-campaigns.tables.js';

/**
 * Contacts priced exactly when a campaign is created or updated; a larger list's price is theirs scaled to its size.
 * The credit check then costs two pages of the list whatever its size; each batch is still charged at its exact price.
 */
export const QUOTE_SAMPLE = 1_000;

export interface CampaignAccounts {
  /** The account's currency (the price's currency object) */
  currencyOf(accountId: number): Promise<{ currency_name_short: string; currency_prefix_d: string; currency_prefix_c: string; currency_name_long: string }>;
  balance(accountId: number): Promise<number>;
  /** Locks the account's balance row until `trx` ends: a cancel takes it first, as every send does, so neither waits on the other in a cycle. */
  lockBalance(trx: Transaction<Database>, accountId: number): Promise<number>;
}

export interface SmsCampaignsDeps {
  db: Db;
  clock: Clock;
  sms: CampaignSms;
  lists: ContactListPort;
  links: CampaignLinks;
  accounts: CampaignAccounts;
}

/**
 * Campaigns as the API sees them: creation stores the campaign and its job in one row (the dispatcher starts it at its
 * schedule, sms-campaigns.job.ts), so accepting 20,000 recipients costs the list's count, the price of its first
 * QUOTE_SAMPLE contacts and one insert.
 */
export class SmsCampaignsService {
  readonly repo: SmsCampaignsRepository;

  constructor(private readonly d: SmsCampaignsDeps) {
    this.repo = new SmsCampaignsRepository(d.db);
  }

  /** POST /sms-campaigns/send: checked, priced against the balance, stored with its job Queued or Scheduled. */
  async create(auth: AuthContext, body: SmsCampaignBody, ipAddress: string | null) {
    const nowS = unixSeconds(this.d.clock);
    const input = this.check(body, nowS);
    const quote = await this.quote(auth, input, QUOTE_SAMPLE);
    await this.checkCredit(auth, quote);
    const row = await this.repo.insert({
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      api_username: auth.apiUsername,
      is_primary: auth.isPrimary ? 1 : 0,
      list_id: input.listId,
      name: input.name,
      body: input.body,
      from_sender: input.from,
      url_to_shorten: input.urlToShorten,
      ip_address: ipAddress,
      total_count: quote.contacts,
      price_micros: quote.totalMicros,
      cursor_contact_id: 0,
      contacts_done: 0,
      started_at: null,
      finished_at: null,
      cancelled_at: null,
      created_at: nowS,
      updated_at: nowS,
      ...newDispatchValues(input.scheduleAt, nowS),
    });
    return presentCampaign(row);
  }

  /** POST /sms-campaigns/price: the documented shape (body filled for the list's first contact), nothing stored. */
  async price(auth: AuthContext, body: SmsCampaignBody) {
    const input = this.check(body, unixSeconds(this.d.clock));
    const quote = await this.quote(auth, input);
    return {
      currency: await this.d.accounts.currencyOf(auth.accountId),
      data: { body: quote.firstBody, from: input.from ?? '', schedule: input.scheduleAt },
      total_count: quote.contacts,
      // ClickSend prints a campaign's total_price as a string ("0.035").
      total_price: microsToDecimal(quote.totalMicros, 4),
      _queued_count: quote.accepted,
    };
  }

  async list(auth: AuthContext, page: PageRequest) {
    const { rows, total } = await this.repo.page(auth.accountId, page.limit, page.offset);
    const counts = await this.repo.counts(
      auth.accountId,
      rows.map((r) => Number(r.id)),
    );
    return { items: rows.map((r) => presentCampaign(r, counts.get(Number(r.id)))), total };
  }

  async get(auth: AuthContext, id: number) {
    return this.present(auth, await this.find(auth, id));
  }

  /** PUT /sms-campaigns/{id}: the whole body again, checked and priced as a new one, while no dispatcher has started it. */
  async update(auth: AuthContext, id: number, body: SmsCampaignBody) {
    const before = await this.find(auth, id);
    const nowS = unixSeconds(this.d.clock);
    const input = this.check(body, nowS);
    this.refuseStarted(before, 'updated');
    const quote = await this.quote(auth, input, QUOTE_SAMPLE);
    await this.checkCredit(auth, quote);
    const job = newDispatchValues(input.scheduleAt, nowS);
    const row = await this.repo.update(auth.accountId, id, {
      list_id: input.listId,
      name: input.name,
      body: input.body,
      from_sender: input.from,
      url_to_shorten: input.urlToShorten,
      total_count: quote.contacts,
      price_micros: quote.totalMicros,
      schedule_at: job.schedule_at,
      status: job.status,
      updated_at: nowS,
    });
    if (!row) this.refuseStarted((await this.repo.find(auth.accountId, id)) ?? before, 'updated', true);
    return this.present(auth, row!);
  }

  /**
   * PUT /sms-campaigns/{id}/cancel: in one transaction, the campaign stops (a waiting job is cancelled; a running one
   * sends no further batch) and its messages still waiting (Scheduled, or Queued and not handed off) are cancelled and
   * refunded; messages already handed to the network stay sent. A campaign that was cancelled already, or that has been
   * sent with nothing left waiting, is refused with 400, as ClickSend refuses to cancel a sent message.
   */
  async cancel(auth: AuthContext, id: number) {
    const row = await this.find(auth, id);
    const nowS = unixSeconds(this.d.clock);
    const refused = await this.d.db
      .transaction()
      .execute(async (trx) => {
        // The balance first, as every send locks it first: a cancel and a batch then never wait on each other in a cycle.
        await this.d.accounts.lockBalance(trx, auth.accountId);
        const before = await this.repo.markCancelled(trx, auth.accountId, id, nowS);
        if (!before) return 'it was cancelled already';
        const cancelled = await this.d.sms.cancelCampaign(trx, auth, id);
        // Sent and nothing left to stop: roll the mark back.
        if (before.finished_at !== null && cancelled === 0) throw new NothingToCancel();
        return undefined;
      })
      .catch((err: unknown) => {
        if (err instanceof NothingToCancel) return 'it has been sent';
        throw err;
      });
    if (refused) throw ApiError.badRequest(`SMS campaign #${id} cannot be cancelled: ${refused}; only a campaign with messages still to send can be.`);
    return this.present(auth, (await this.repo.find(auth.accountId, id)) ?? row);
  }

  private check(body: SmsCampaignBody, nowS: number): CampaignInput {
    return checkCampaignInput(body, nowS, this.d.sms, this.d.links);
  }

  /**
   * The list's size (the account's list, at most 20,000 contacts), then the price of every contact's message (price),
   * or of the first QUOTE_SAMPLE scaled to the list (create, update: the up-front credit check).
   */
  private async quote(auth: AuthContext, input: CampaignInput, sample?: number): Promise<CampaignQuote> {
    // A campaign reads its list (its price shows a contact's filled body): a subaccount needs access_contacts too.
    if (!auth.access.contacts) throw lacksAccess('contacts');
    const count = await this.d.lists.count(auth.accountId, input.listId);
    if (count === null) {
      // ClickSend answers a list that is not the caller's with 403 and this text (observed, channels.md §13).
      throw ApiError.forbidden(`Resource not found or you don't have the permissions to access this resource: list_id ${input.listId} is not one of your lists.`);
    }
    if (count === 0) throw ApiError.badRequest(`list_id ${input.listId} has no contacts: a campaign needs at least one.`);
    if (count > MAX_CAMPAIGN_RECIPIENTS) {
      throw new ApiError('TOO_MANY_RECIPIENTS', `list_id ${input.listId} has ${count} contacts; a campaign reaches at most ${MAX_CAMPAIGN_RECIPIENTS.toLocaleString('en-US')}.`);
    }
    return quoteCampaign(this.d.sms, this.d.lists, auth, input, this.d.links.exampleUrl(), { count, ...(sample !== undefined ? { sample } : {}) });
  }

  /**
   * Refused up front when the balance cannot pay for the whole campaign (what a user expects: not a campaign that stops
   * half-way). Nothing is held back: each batch is charged its exact price as it is sent, and a batch the balance no
   * longer covers (spent elsewhere meanwhile, or a large list dearer than its first QUOTE_SAMPLE contacts suggested)
   * has its messages refused one by one with INSUFFICIENT_CREDIT, as /sms/send does.
   */
  private async checkCredit(auth: AuthContext, quote: CampaignQuote): Promise<void> {
    const balance = await this.d.accounts.balance(auth.accountId);
    if (quote.totalMicros > balance) {
      throw new ApiError('INSUFFICIENT_CREDIT', `The campaign costs ${microsToDecimal(quote.totalMicros, 4)} for ${quote.accepted} message(s); the balance is ${microsToDecimal(balance, 4)}.`);
    }
  }

  private async find(auth: AuthContext, id: number): Promise<SmsCampaignRow> {
    const row = await this.repo.find(auth.accountId, id);
    if (!row) throw notFoundById('SMS campaign', id);
    return row;
  }

  private refuseStarted(row: SmsCampaignRow, verb: string, always = false): void {
    const waiting = row.cancelled_at === null && (row.status === 'Scheduled' || row.status === 'Queued');
    if (waiting && !always) return;
    const why = row.cancelled_at !== null ? 'it was cancelled' : row.status === 'Sent' ? 'it has been sent' : 'it has started sending';
    throw ApiError.badRequest(`SMS campaign #${Number(row.id)} cannot be ${verb}: ${why}; only a campaign that has not started can be.`);
  }

  private async present(auth: AuthContext, row: SmsCampaignRow) {
    const counts = await this.repo.counts(auth.accountId, [Number(row.id)]);
    return presentCampaign(row, counts.get(Number(row.id)));
  }
}

/** Rolls back a cancel that found nothing to stop. */
class NothingToCancel extends Error {}
