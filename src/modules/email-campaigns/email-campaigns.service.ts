import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { newDispatchValues } from '../../core/dispatch/index.js';
import { ApiError, notFoundById } from '../../core/errors/index.js';
import { fileUrl, newFileName, writeCsvBatches, type FileStore } from '../../core/files/index.js';
import type { ContactListPort } from '../../core/messaging/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { microsToDecimal } from '../../core/util/money.js';
import type { EmailSenderPort } from '../email-addresses/index.js';
import type { EmailTemplatePort } from '../email-templates/index.js';
import { linksOf } from './email-campaigns.html.js';
import { checkCampaignInput, type CampaignInput } from './email-campaigns.input.js';
import type { CampaignAccounts } from './email-campaigns.ports.js';
import { HISTORY_COLUMNS, presentCampaign, presentCampaignItem, presentCampaignRead, presentHistoryItem } from './email-campaigns.presenter.js';
import { quoteList } from './email-campaigns.recipients.js';
import { EmailCampaignsRepository } from './email-campaigns.repository.js';
import type { EmailCampaignBody, HistoryRange } from './email-campaigns.schemas.js';
import type { EmailCampaignRow } from './email-campaigns.tables.js';

export interface EmailCampaignsDeps {
  db: Db;
  clock: Clock;
  files: FileStore;
  publicUrl: string;
  senders: EmailSenderPort;
  templates: EmailTemplatePort;
  lists: ContactListPort;
  accounts: CampaignAccounts;
  /** The largest body, as a template's (EMAIL_TEMPLATE_MAX_BYTES). */
  maxBodyBytes: number;
  /** The plain text of an HTML body, off the event loop when it is large (shared with the delivery queue). */
  plainText: { of(html: string): Promise<string> };
}

const EXPORT_BATCH = 1000;

/**
 * Contacts read to quote a campaign when it is created or updated; a larger list's counts and price are theirs scaled to
 * its size (as SMS campaigns do). /email-campaigns/price reads the whole list; each batch is charged exactly.
 */
const QUOTE_SAMPLE = 1_000;

/**
 * Campaigns as the API sees them. Creation checks the body, quotes the list (a walk of its pages: contacts with an
 * email, not opted out) against the balance, and stores the campaign with its job in one row: the dispatcher expands
 * the list in batches afterwards (email-campaigns.job.ts), each batch charged as it is queued.
 */
export class EmailCampaignsService {
  readonly repo: EmailCampaignsRepository;

  constructor(private readonly d: EmailCampaignsDeps) {
    this.repo = new EmailCampaignsRepository(d.db);
  }

  /**
   * POST /email-campaigns/send. queued_count and total_price are exact for lists up to QUOTE_SAMPLE contacts and
   * estimated from the first QUOTE_SAMPLE beyond (the ≤ 1 s acceptance of 20,000 recipients); price is exact.
   */
  async create(auth: AuthContext, body: EmailCampaignBody) {
    const nowS = unixSeconds(this.d.clock);
    const input = await this.check(auth, body, nowS);
    const quote = await this.quote(auth, input, QUOTE_SAMPLE);
    await this.checkCredit(auth, quote.totalMicros, quote.queued);
    const row = await this.repo.insert({
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      api_username: auth.apiUsername,
      is_primary: auth.isPrimary ? 1 : 0,
      ...(await this.columns(input, quote.totalMicros, nowS)),
      cursor_contact_id: 0,
      contacts_done: 0,
      started_at: null,
      finished_at: null,
      cancelled_at: null,
      created_at: nowS,
      ...newDispatchValues(input.scheduleAt, nowS),
    });
    return {
      currency: await this.d.accounts.currencyOf(auth.accountId),
      data: presentCampaign(row),
      queued_count: quote.queued,
      total_count: quote.contacts,
      // ClickSend prints a campaign's total_price as a string ("0.0066").
      total_price: microsToDecimal(quote.totalMicros, 4),
    };
  }

  /** POST /email-campaigns/price: the request echoed (the documented shape), counts and price; nothing stored. */
  async price(auth: AuthContext, body: EmailCampaignBody) {
    const input = await this.check(auth, body, unixSeconds(this.d.clock));
    const quote = await this.quote(auth, input);
    return {
      currency: await this.d.accounts.currencyOf(auth.accountId),
      data: {
        body: input.body,
        from_email_address_id: input.fromEmailAddressId,
        from_name: input.fromName,
        list_id: input.listId,
        name: input.name,
        subject: input.subject,
        template_id: input.templateId,
      },
      queued_count: quote.queued,
      total_count: quote.contacts,
      total_price: microsToDecimal(quote.totalMicros, 4),
    };
  }

  async list(auth: AuthContext, page: PageRequest) {
    const { rows, total } = await this.repo.page(auth.accountId, page.limit, page.offset);
    const counters = await this.repo.counters(rows.map((r) => Number(r.id)));
    return { items: rows.map((r) => presentCampaignItem(r, counters.get(Number(r.id)))), total };
  }

  async get(auth: AuthContext, id: number) {
    const row = await this.find(auth, id);
    return presentCampaignRead(row, (await this.repo.counters([id])).get(id));
  }

  /** PUT /email-campaigns/{id}: the whole body again, checked and quoted as a new one, while the job has not started. */
  async update(auth: AuthContext, id: number, body: EmailCampaignBody) {
    const before = await this.find(auth, id);
    this.refuseStarted(before, 'updated');
    const nowS = unixSeconds(this.d.clock);
    const input = await this.check(auth, body, nowS);
    const quote = await this.quote(auth, input, QUOTE_SAMPLE);
    await this.checkCredit(auth, quote.totalMicros, quote.queued);
    const job = newDispatchValues(input.scheduleAt, nowS);
    const row = await this.repo.update(auth.accountId, id, { ...(await this.columns(input, quote.totalMicros, nowS)), schedule_at: job.schedule_at, status: job.status });
    // The dispatcher claimed it (or a cancel came) while this was checked: refused like a started one.
    if (!row) this.refuseStarted((await this.repo.find(auth.accountId, id)) ?? before, 'updated', true);
    return presentCampaign(row!);
  }

  /**
   * PUT /email-campaigns/{id}/cancel: in one transaction (the balance locked first, as every batch locks it), the job
   * stops (a waiting one is cancelled; a running one queues no further batch) and its recipients not yet handed to the
   * provider are cancelled and refunded in one ledger row. Emails already handed over stay sent. A campaign cancelled
   * already, or sent with nothing left waiting, is refused with 400.
   */
  async cancel(auth: AuthContext, id: number) {
    await this.find(auth, id);
    const nowS = unixSeconds(this.d.clock);
    const refused = await this.d.db
      .transaction()
      .execute(async (trx) => {
        await this.d.accounts.lockBalance(trx, auth.accountId);
        const before = await this.repo.markCancelled(trx, auth.accountId, id, nowS);
        if (!before) return 'it was cancelled already';
        const stopped = await this.repo.cancelWaiting(trx, id);
        if (before.finished_at !== null && stopped.count === 0) throw new NothingToCancel();
        if (stopped.micros > 0) {
          await this.d.accounts.refund(
            {
              accountId: auth.accountId,
              subaccountId: Number(before.subaccount_id),
              amountMicros: stopped.micros,
              product: 'email',
              quantity: stopped.count,
              reference: `email-campaign:${id}`,
              description: `Email campaign #${id} cancelled: ${stopped.count} email(s) refunded`,
            },
            trx,
          );
        }
        return undefined;
      })
      .catch((err: unknown) => {
        if (err instanceof NothingToCancel) return 'it has been sent';
        throw err;
      });
    if (refused) throw ApiError.badRequest(`Email campaign #${id} cannot be cancelled: ${refused}; only a campaign with emails still to send can be.`);
    const row = (await this.repo.find(auth.accountId, id))!;
    return presentCampaign(row, (await this.repo.counters([id])).get(id));
  }

  /** GET /email-campaigns/{id}/history: its recipients in contact order. */
  async history(auth: AuthContext, id: number, range: HistoryRange, page: PageRequest) {
    const campaign = await this.find(auth, id);
    const r = { from: range.date_from, to: range.date_to };
    const [rows, total] = await Promise.all([this.repo.history(id, r, { limit: page.limit, offset: page.offset }), this.repo.historyCount(id, r)]);
    return { items: rows.map((m) => presentHistoryItem(campaign, m)), total };
  }

  /** GET /email-campaigns/{id}/history/export: the whole history as CSV, streamed in keyset batches; its URL. */
  async exportHistory(auth: AuthContext, id: number, range: HistoryRange) {
    const campaign = await this.find(auth, id);
    const { repo } = this;
    const r = { from: range.date_from, to: range.date_to };
    async function* batches() {
      for (let after = 0; ; ) {
        const rows = await repo.history(id, r, { limit: EXPORT_BATCH, afterContactId: after });
        if (rows.length === 0) return;
        yield rows.map((m) => {
          const item = presentHistoryItem(campaign, m);
          return HISTORY_COLUMNS.map((c) => item[c]);
        });
        if (rows.length < EXPORT_BATCH) return;
        after = Number(rows[rows.length - 1]!.contact_id);
      }
    }
    const name = newFileName('csv');
    await writeCsvBatches(this.d.files, name, HISTORY_COLUMNS, batches());
    return { url: fileUrl(this.d.publicUrl, name, { filename: `email-campaign-${id}-history.csv` }) };
  }

  private check(auth: AuthContext, body: EmailCampaignBody, nowS: number): Promise<CampaignInput> {
    return checkCampaignInput(auth, body, nowS, { senders: this.d.senders, templates: this.d.templates, lists: this.d.lists, maxBodyBytes: this.d.maxBodyBytes });
  }

  private async quote(auth: AuthContext, input: CampaignInput, sample?: number) {
    const rateMicros = await this.d.accounts.emailRateMicros(auth.accountId);
    return quoteList(this.d.db, this.d.lists, { accountId: auth.accountId, listId: input.listId, listSize: input.listSize, rateMicros, ...(sample !== undefined ? { sample } : {}) });
  }

  /** The stored columns of a checked campaign; its text part and links are derived here, once the credit check passed (price needs neither). */
  private async columns(input: CampaignInput, priceMicros: number, nowS: number) {
    return {
      list_id: input.listId,
      name: input.name,
      subject: input.subject,
      body: input.body,
      body_plain_text: await this.d.plainText.of(input.body),
      links_json: JSON.stringify(linksOf(input.body)),
      from_email_address_id: input.fromEmailAddressId,
      from_address: input.fromAddress,
      from_name: input.fromName,
      template_id: input.templateId,
      scheduled: input.scheduleAt > nowS ? 1 : 0,
      total_count: input.listSize,
      price_micros: priceMicros,
      updated_at: nowS,
    };
  }

  /**
   * Refused up front when the balance cannot pay for the whole campaign. Nothing is held back: each batch is charged
   * as it is queued, under the balance lock; a recipient the balance no longer covers then is Failed (INSUFFICIENT_CREDIT).
   */
  private async checkCredit(auth: AuthContext, totalMicros: number, queued: number): Promise<void> {
    const balance = await this.d.accounts.balance(auth.accountId);
    if (totalMicros > balance) {
      throw new ApiError('INSUFFICIENT_CREDIT', `The campaign costs ${microsToDecimal(totalMicros, 4)} for ${queued} email(s); the balance is ${microsToDecimal(balance, 4)}.`);
    }
  }

  private async find(auth: AuthContext, id: number): Promise<EmailCampaignRow> {
    const row = await this.repo.find(auth.accountId, id);
    if (!row) throw notFoundById('Email campaign', id);
    return row;
  }

  private refuseStarted(row: EmailCampaignRow, verb: string, always = false): void {
    const waiting = row.cancelled_at === null && row.started_at === null && (row.status === 'Scheduled' || row.status === 'Queued');
    if (waiting && !always) return;
    const why = row.cancelled_at !== null ? 'it was cancelled' : row.status === 'Sent' ? 'it has been sent' : 'it has started sending';
    throw ApiError.badRequest(`Email campaign #${Number(row.id)} cannot be ${verb}: ${why}; only a campaign that has not started can be.`);
  }
}

/** Rolls back a cancel that found nothing to stop. */
class NothingToCancel extends Error {}
