import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { DispatchStatus } from '../../core/dispatch/index.js';
import { ApiError } from '../../core/errors/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { newMessageId } from '../../core/util/ids.js';
import { orderedMessageId } from './sms.ids.js';
import { microsToDecimal, microsToNumber } from '../../core/util/money.js';
import { currencyInfo, type AccountRow, type AccountsRepository } from '../accounts/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { PricingService } from '../pricing/index.js';
import type { SmsRepository } from './sms.repository.js';
import type { SmsMessageInput } from './sms.schemas.js';
import { segmentSms, truncateToParts } from './segments/index.js';
import { COMPLETED } from './sms.status.js';
import type { NewSmsMessage } from './sms.tables.js';
import { isValidSenderId, readingCountry, RecipientParser, scheduleAt, throttleKey, type MessageStatus } from './sms.validate.js';

/** ClickSend's per-call limit on /sms/send and /sms/price (conventions §8). */
export const MAX_MESSAGES_PER_CALL = 1000;

/**
 * THROTTLED looks at most this many of the account's latest messages (within the window): all of them at
 * any sandbox pace, and a bounded read per call when an account pushes tens of thousands a minute.
 */
export const THROTTLE_LOOKBACK = 5_000;

/** One message of a call, as checked: a status, and for SUCCESS everything needed to store and price it. */
interface Evaluated {
  status: MessageStatus;
  messageId: string;
  to: string;
  country: string;
  body: string;
  from: string | null;
  parts: number;
  priceMicros: number;
  scheduleAt: number;
  isTest: boolean;
  throttleKey: number;
  input: SmsMessageInput;
}

export interface SendSettings {
  /** THROTTLED window in seconds; 0 turns the check off. */
  readonly throttleWindowS: number;
}

/**
 * POST /sms/send and /sms/price. A call is checked message by message without touching the database
 * (phone parsing, sender id, schedule, parts, price); then one transaction takes the account's balance
 * lock, refuses opted-out recipients, THROTTLED repeats and what the credit cannot cover, stores the
 * rest with multi-row inserts and writes one ledger debit for the call.
 */
export class SmsSendService {
  private readonly recipients = new RecipientParser();

  constructor(
    private readonly db: Db,
    private readonly repo: SmsRepository,
    private readonly clock: Clock,
    private readonly settings: SendSettings,
    private readonly ledger: LedgerService,
    private readonly pricing: PricingService,
    private readonly accounts: AccountsRepository,
  ) {}

  async send(auth: AuthContext, messages: SmsMessageInput[]) {
    const account = await this.account(auth, messages);
    const nowS = unixSeconds(this.clock);
    const items = this.evaluate(account, messages, nowS);
    const batchId = newMessageId();

    await this.db.transaction().execute(async (trx) => {
      let balance = await this.repo.lockBalance(trx, account.id);
      const candidates = items.filter((m) => m.status === 'SUCCESS');
      const phones = candidates.map((m) => m.to);
      const optedOut = await this.repo.optedOut(trx, account.id, phones);
      const window = this.settings.throttleWindowS;
      const recent = window > 0 ? await this.repo.recentlySent(trx, account.id, new Set(candidates.map((m) => m.throttleKey)), nowS - window, THROTTLE_LOOKBACK) : new Set<string>();
      const rows: NewSmsMessage[] = [];
      let totalMicros = 0;
      let chargedParts = 0;
      for (const m of candidates) {
        // ClickSend documents no opt-out status; INVALID_RECIPIENT is the documented refusal of a recipient.
        if (optedOut.has(m.to)) m.status = 'INVALID_RECIPIENT';
        else if (window > 0 && recent.has(`${m.to}\u0000${m.body}`)) m.status = 'THROTTLED';
        else if (m.priceMicros > balance) m.status = 'INSUFFICIENT_CREDIT';
        if (m.status !== 'SUCCESS') continue;
        if (window > 0) recent.add(`${m.to}\u0000${m.body}`);
        balance -= m.priceMicros;
        totalMicros += m.priceMicros;
        if (m.priceMicros > 0) chargedParts += m.parts;
        rows.push(this.rowOf(auth, m, nowS));
      }
      await this.repo.insertMessages(trx, rows);
      if (totalMicros > 0) {
        // One ledger row per call: quantity = SMS parts charged (what usage counts), reference = the call's batch id.
        await this.ledger.debit(
          { accountId: account.id, subaccountId: auth.subaccountId, amountMicros: totalMicros, product: 'sms', quantity: chargedParts, reference: batchId, description: `SMS: ${rows.length} message(s)` },
          trx,
        );
      }
    });

    const queued = items.filter((m) => m.status === 'SUCCESS');
    return {
      total_price: microsToNumber(queued.reduce((a, m) => a + m.priceMicros, 0)),
      total_count: items.length,
      queued_count: queued.length,
      messages: items.map((m) => ({
        direction: 'out',
        date: nowS,
        to: m.to,
        body: m.body,
        from: m.from ?? '',
        schedule: m.scheduleAt,
        message_id: m.messageId,
        message_parts: m.parts,
        message_price: m.status === 'SUCCESS' ? microsToNumber(m.priceMicros) : 0,
        custom_string: m.input.custom_string ?? '',
        user_id: account.id,
        subaccount_id: auth.subaccountId,
        country: m.country,
        carrier: '',
        status: m.status,
      })),
      currency: currencyInfo(account.currency),
    };
  }

  /** The same checks and prices as send(), without storing or charging; opt-outs are reported, credit and throttling are not checked. */
  async price(auth: AuthContext, messages: SmsMessageInput[]) {
    const account = await this.account(auth, messages);
    const items = this.evaluate(account, messages, unixSeconds(this.clock));
    const optedOut = await this.repo.optedOut(this.db, account.id, items.filter((m) => m.status === 'SUCCESS').map((m) => m.to));
    for (const m of items) if (m.status === 'SUCCESS' && optedOut.has(m.to)) m.status = 'INVALID_RECIPIENT';
    const queued = items.filter((m) => m.status === 'SUCCESS');
    return {
      total_price: microsToNumber(queued.reduce((a, m) => a + m.priceMicros, 0)),
      total_count: items.length,
      queued_count: queued.length,
      messages: items.map((m) => ({
        to: m.to,
        body: m.body,
        from: m.from ?? '',
        schedule: m.scheduleAt,
        message_parts: m.parts,
        // ClickSend prints the price of /sms/price messages as a string with 4 places ("0.0566").
        message_price: microsToDecimal(m.status === 'SUCCESS' ? m.priceMicros : 0, 4),
        custom_string: m.input.custom_string ?? '',
        country: m.country,
        status: m.status,
      })),
    };
  }

  private async account(auth: AuthContext, messages: SmsMessageInput[]): Promise<AccountRow> {
    if (messages.length === 0) throw new ApiError('MISSING_REQUIRED_FIELDS', 'messages is empty: send at least one message.');
    if (messages.length > MAX_MESSAGES_PER_CALL) {
      throw new ApiError('TOO_MANY_RECIPIENTS', `messages has ${messages.length} items; at most ${MAX_MESSAGES_PER_CALL} are accepted per call.`);
    }
    const account = await this.accounts.findAccount(auth.accountId);
    if (!account) throw ApiError.notFound('Account not found.');
    return account;
  }

  private evaluate(account: AccountRow, messages: SmsMessageInput[], nowS: number): Evaluated[] {
    const rates = new Map<string, number | undefined>();
    const rateOf = (country: string): number | undefined => {
      if (rates.has(country)) return rates.get(country);
      let r: number | undefined;
      try {
        r = this.pricing.smsRateMicros(country, account.currency);
      } catch {
        r = undefined;
      }
      rates.set(country, r);
      return r;
    };
    const maxParts = Math.max(1, account.setting_sms_message_char_limit);
    return messages.map((input) => {
      const body = truncateToParts(input.body ?? '', maxParts);
      const m: Evaluated = { status: 'SUCCESS', messageId: orderedMessageId(this.clock.nowMs()), to: (input.to ?? '').trim(), country: '', body, from: input.from?.trim() || null, parts: 0, priceMicros: 0, scheduleAt: nowS, isTest: false, throttleKey: 0, input };
      m.parts = segmentSms(body).parts;
      const readIn = readingCountry(input.country, account.default_country_sms);
      m.country = readIn ?? '';
      const at = scheduleAt(input.schedule, nowS);
      if (at !== undefined) m.scheduleAt = at;
      if (body.trim() === '') return { ...m, status: 'EMPTY_MESSAGE' };
      if (m.to === '') {
        // Contact lists are not served yet, so no list_id can be one of this account's.
        return { ...m, status: input.list_id ? 'NOT_ENOUGH_PERMISSION_TO_LIST_ID' : 'INVALID_RECIPIENT' };
      }
      const r = readIn ? this.recipients.parse(m.to, readIn) : null;
      if (!r) return { ...m, status: 'INVALID_RECIPIENT' };
      m.to = r.e164;
      m.country = r.country;
      m.isTest = r.isTest;
      m.throttleKey = throttleKey(r.e164, body);
      if (m.from !== null && !isValidSenderId(m.from)) return { ...m, status: 'INVALID_SENDER_ID' };
      if (at === undefined) return { ...m, status: 'INVALID_SCHEDULE' };
      if (r.isTest) return m;
      const rate = rateOf(r.country);
      // A region the price table cannot name (libphonenumber knows a few non-ISO ones) is no recipient we can bill.
      if (rate === undefined) return { ...m, status: 'INVALID_RECIPIENT' };
      m.priceMicros = m.parts * rate;
      return m;
    });
  }

  /** Only the columns without a default: every value is a bound parameter to compile and bind, 19 a row. */
  private rowOf(auth: AuthContext, m: Evaluated, nowS: number): NewSmsMessage {
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
      to_number: m.to,
      from_sender: m.from,
      body: m.body,
      country: m.country,
      message_parts: m.parts,
      price_micros: m.priceMicros,
      custom_string: m.input.custom_string ?? null,
      source: m.input.source ?? null,
      from_email: m.input.from_email ?? null,
      created_at: nowS,
      throttle_key: m.throttleKey,
    };
  }
}
