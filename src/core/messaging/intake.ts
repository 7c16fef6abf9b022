import type { Transaction } from 'kysely';
import type { AuthContext } from '../auth/index.js';
import type { Database, Db } from '../db/index.js';
import { DispatchStatus } from '../dispatch/index.js';
import { ApiError } from '../errors/index.js';
import { unixSeconds } from '../util/clock.js';
import { newMessageId } from '../util/ids.js';
import { orderedMessageId } from './ids.js';
import type { Draft, IntakeChannel, IntakeDeps, IntakeResult, MessageInput, Screen, ScreenContext, SendOptions } from './intake.types.js';
import { contactTargets, expandLists, type Target } from './lists.js';
import type { ListContact, MessageAccount } from './ports.js';
import { scheduleAt } from './schedule.js';
import { COMPLETED, MAX_MESSAGES_PER_CALL, type MessageStatus } from './statuses.js';
import type { MessageColumns, MessageStore } from './store.js';

export type { Draft, IntakeChannel, IntakeDeps, IntakeResult, MessageInput, ReadRecipient, Screen, ScreenContext, SendOptions } from './intake.types.js';

/**
 * Batch intake (…/send and …/price) for any message channel. A call's `list_id`s are first expanded to
 * one message per list contact (lists.ts; the limit counts them), each personalised by the channel's
 * draft(); the messages are checked one by one without touching the database; then one transaction takes the account's balance lock, runs the
 * channel's screen (opt-outs, THROTTLED) and the account's opt-out lists, refuses what the credit cannot cover, stores the rest with
 * multi-row inserts and writes one ledger debit for the call. Test recipients are stored Completed,
 * free: never charged, never claimed by the dispatcher.
 */
export class MessageIntake<In extends MessageInput, A extends MessageAccount, M extends Draft<In>, Row extends MessageColumns = MessageColumns> {
  constructor(
    private readonly deps: IntakeDeps<A>,
    private readonly store: MessageStore<Row>,
    private readonly channel: IntakeChannel<In, A, M>,
  ) {}

  /** `opts.within` joins the send's transaction (an automation marks its action done there: sent once or not at all). */
  async send(auth: AuthContext, messages: In[], opts: SendOptions = {}): Promise<IntakeResult<A, M>> {
    const account = await this.account(auth, messages);
    return this.sendTargets(auth, account, await this.expand(auth, account, messages), opts);
  }

  /**
   * One message per contact from `template` (a campaign batch), through the same checks, prices, screens,
   * ledger and store as send(); `opts.within` joins the transaction. No per-call limit: the caller sizes its batches.
   */
  async sendToContacts(auth: AuthContext, template: In, contacts: readonly ListContact[], opts: SendOptions = {}): Promise<IntakeResult<A, M>> {
    const account = await this.findAccount(auth);
    return this.sendTargets(auth, account, contactTargets(template, contacts), opts);
  }

  private async sendTargets(auth: AuthContext, account: A, targets: Target<In>[], opts: SendOptions): Promise<IntakeResult<A, M>> {
    const { db, ledger } = this.deps;
    const nowS = unixSeconds(this.deps.clock);
    const items = this.evaluate(account, targets, nowS);
    const batchId = newMessageId();
    const ch = this.channel;

    await db.transaction().execute(async (trx) => {
      let balance = await ledger.lockBalance(trx, account.id);
      const candidates = items.filter((m) => m.status === 'SUCCESS');
      const screen = await this.screen(trx, { accountId: account.id, nowS, candidates, mode: 'send' });
      const rows: object[] = [];
      let totalMicros = 0;
      let chargedUnits = 0;
      for (const m of candidates) {
        const refused = screen?.refuse(m);
        if (refused) m.status = refused;
        else if (m.priceMicros > balance) m.status = 'INSUFFICIENT_CREDIT';
        if (m.status !== 'SUCCESS') continue;
        screen?.accept?.(m);
        balance -= m.priceMicros;
        totalMicros += m.priceMicros;
        if (m.priceMicros > 0) chargedUnits += m.units;
        rows.push(this.rowOf(auth, m, nowS, opts.columns));
      }
      await this.store.insert(trx, rows);
      if (totalMicros > 0) {
        // One ledger row per call: quantity = units charged (what usage counts), reference = the call's batch id.
        await ledger.debit(
          {
            accountId: account.id,
            subaccountId: auth.subaccountId,
            amountMicros: totalMicros,
            product: ch.ledgerProduct,
            quantity: chargedUnits,
            reference: batchId,
            description: `${ch.noun}: ${rows.length} message(s)`,
          },
          trx,
        );
      }
      if (opts.within) await opts.within(trx, items);
    });
    return { account, nowS, items };
  }

  /** The same checks and prices as send(), without storing or charging; the screen runs in price mode, credit is not checked. */
  async price(auth: AuthContext, messages: In[]): Promise<IntakeResult<A, M>> {
    const account = await this.account(auth, messages);
    return this.priceTargets(account, await this.expand(auth, account, messages));
  }

  /** sendToContacts() without storing or charging (a campaign's price). */
  async priceToContacts(auth: AuthContext, template: In, contacts: readonly ListContact[]): Promise<IntakeResult<A, M>> {
    return this.priceTargets(await this.findAccount(auth), contactTargets(template, contacts));
  }

  private async priceTargets(account: A, targets: Target<In>[]): Promise<IntakeResult<A, M>> {
    const nowS = unixSeconds(this.deps.clock);
    const items = this.evaluate(account, targets, nowS);
    const candidates = items.filter((m) => m.status === 'SUCCESS');
    const screen = await this.screen(this.deps.db, { accountId: account.id, nowS, candidates, mode: 'price' });
    if (screen) {
      for (const m of candidates) {
        const refused = screen.refuse(m);
        if (refused) m.status = refused;
      }
    }
    return { account, nowS, items };
  }

  private async account(auth: AuthContext, messages: In[]): Promise<A> {
    if (messages.length === 0) throw new ApiError('MISSING_REQUIRED_FIELDS', 'messages is empty: send at least one message.');
    const max = this.maxPerCall();
    if (messages.length > max) {
      throw new ApiError('TOO_MANY_RECIPIENTS', `messages has ${messages.length} items; at most ${max} are accepted per call.`);
    }
    return this.findAccount(auth);
  }

  private async findAccount(auth: AuthContext): Promise<A> {
    const account = await this.deps.accounts.findAccount(auth.accountId);
    if (!account) throw ApiError.notFound('Account not found.');
    return account;
  }

  private maxPerCall(): number {
    return this.channel.maxPerCall ?? MAX_MESSAGES_PER_CALL;
  }

  private expand(auth: AuthContext, account: A, messages: In[]): Promise<Target<In>[]> {
    const { contactAddress } = this.channel;
    // A subaccount without access_contacts may not read the lists: not even through a send's personalised bodies.
    const lists = auth.access.contacts ? this.deps.lists : undefined;
    return expandLists(messages, { lists, field: contactAddress, accountId: account.id, max: this.maxPerCall() });
  }

  /**
   * The channel's screen, and the account's opt-out lists when the channel honours them (one IN read on
   * `exec`, so the send transaction and the answer agree). Undefined when there is nothing to screen.
   */
  private async screen(exec: Db | Transaction<Database>, ctx: ScreenContext<M>): Promise<Screen<M> | undefined> {
    const ch = this.channel;
    const own = ch.screen ? await ch.screen(exec, ctx) : undefined;
    const lists = ch.optOutLists ? this.deps.lists : undefined;
    if (!lists || ctx.candidates.length === 0) return own;
    const optedOut = await lists.optedOut(
      exec,
      ctx.accountId,
      ctx.candidates.map((m) => m.to),
    );
    if (optedOut.size === 0) return own;
    return {
      // ClickSend documents no opt-out status; INVALID_RECIPIENT is the documented refusal of a recipient.
      refuse: (m) => (optedOut.has(m.to) ? 'INVALID_RECIPIENT' : own?.refuse(m)),
      accept: (m) => own?.accept?.(m),
    };
  }

  private evaluate(account: A, targets: Target<In>[], nowS: number): M[] {
    const ch = this.channel;
    const rates = new Map<string, number | undefined>();
    const rateOf = (country: string, rateClass: string | undefined): number | undefined => {
      const key = rateClass === undefined ? country : `${country}|${rateClass}`;
      if (rates.has(key)) return rates.get(key);
      let r: number | undefined;
      try {
        r = ch.rate(country, account.currency, rateClass);
      } catch {
        r = undefined;
      }
      rates.set(key, r);
      return r;
    };
    const field = ch.contactAddress;
    return targets.map(({ input, contact, listId, refused }) => {
      const m = ch.draft(account, {
        status: 'SUCCESS',
        messageId: orderedMessageId(this.deps.clock.nowMs()),
        // A list contact is addressed by the channel's field; list_id overrides `to` (expandLists).
        to: (contact ? ((field && contact[field]) ?? '') : listId ? '' : (input.to ?? '')).trim(),
        country: '',
        units: 0,
        priceMicros: 0,
        scheduleAt: nowS,
        isTest: false,
        input,
        contact,
        listId,
      });
      const at = scheduleAt(input.schedule, nowS);
      if (at !== undefined) m.scheduleAt = at;
      const refuse = (status: MessageStatus) => {
        m.status = status;
        return m;
      };
      const content = ch.checkContent?.(m);
      if (content) return refuse(content);
      if (refused) return refuse(refused);
      if (m.to === '') return refuse('INVALID_RECIPIENT');
      const r = ch.recipient(m);
      if (!r) return refuse('INVALID_RECIPIENT');
      m.to = r.address;
      m.country = r.country;
      m.isTest = r.isTest;
      ch.onRecipient?.(m);
      const sender = ch.checkSender?.(m);
      if (sender) return refuse(sender);
      if (at === undefined) return refuse('INVALID_SCHEDULE');
      if (r.isTest) return m;
      const rate = rateOf(r.country, ch.rateClass?.(m));
      // A region the price table cannot name (libphonenumber knows a few non-ISO ones) is no recipient we can bill.
      if (rate === undefined) return refuse('INVALID_RECIPIENT');
      m.priceMicros = m.units * rate;
      return m;
    });
  }

  /** The shared columns, then the channel's: only columns without a default, every value is a bound parameter to compile and bind. */
  private rowOf(auth: AuthContext, m: M, nowS: number, extra: Record<string, unknown> | undefined): object {
    return {
      // Documented test numbers: accepted and shown, never dispatched (the dispatcher never claims Completed).
      status: m.isTest ? COMPLETED : m.scheduleAt > nowS ? DispatchStatus.Scheduled : DispatchStatus.Queued,
      schedule_at: m.scheduleAt,
      attempts: 0,
      next_attempt_at: 0,
      message_id: m.messageId,
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      api_username: auth.apiUsername,
      price_micros: m.priceMicros,
      created_at: nowS,
      [this.store.spec.unitsColumn]: m.units,
      ...this.channel.columns(m),
      ...extra,
    };
  }
}
