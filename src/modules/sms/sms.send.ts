import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import {
  fillPlaceholders,
  MessageIntake,
  type ContactListPort,
  type Draft,
  type IntakeChannel,
  type IntakeResult,
  type ListContact,
  type MessageStatus,
  type Screen,
  type SendOptions,
} from '../../core/messaging/index.js';
import type { Clock } from '../../core/util/clock.js';
import { microsToDecimal, microsToNumber } from '../../core/util/money.js';
import { currencyInfo, type AccountRow, type AccountsRepository } from '../accounts/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { PricingService } from '../pricing/index.js';
import type { SmsRepository } from './sms.repository.js';
import type { SmsMessageInput } from './sms.schemas.js';
import { segmentSms, truncateToParts } from './segments/index.js';
import { isValidSenderId, readingCountry, RecipientParser, throttleKey } from './sms.validate.js';

/** ClickSend's per-call limit on /sms/send and /sms/price (conventions §8): the message core's. */
export { MAX_MESSAGES_PER_CALL } from '../../core/messaging/index.js';

/**
 * THROTTLED looks at most this many of the account's latest messages (within the window): all of them at
 * any sandbox pace, and a bounded read per call when an account pushes tens of thousands a minute.
 */
export const THROTTLE_LOOKBACK = 5_000;

/** One SMS of a call, as checked: the core's draft (units = parts) plus what is SMS's own. */
interface SmsDraft extends Draft<SmsMessageInput> {
  body: string;
  from: string | null;
  /** The country local numbers are read in; undefined when the message named a bad one. */
  readIn: string | undefined;
  throttleKey: number;
}

/** What a campaign sends to each contact: the fields of an /sms/send message other than `to`, `list_id` and `country`. */
export type SmsTemplate = Pick<SmsMessageInput, 'body' | 'from' | 'schedule' | 'source' | 'custom_string'>;

/** The outcome for one contact of sendToContacts()/priceToContacts(), in the order the contacts were given. */
export interface ContactSendResult {
  contact_id: number;
  /** SUCCESS (stored, charged, queued or scheduled) or the per-message refusal (INVALID_RECIPIENT for no or an opted-out number, INSUFFICIENT_CREDIT, …). */
  status: MessageStatus;
  /** The message's id (only a SUCCESS message is stored under it). */
  message_id: string;
  /** E.164, or the number as the contact has it when it could not be read. */
  to: string;
  /** The personalised body as sent. */
  body: string;
  message_parts: number;
  /** What was (or would be) charged, micro-units of the account's currency; 0 unless SUCCESS. */
  price_micros: number;
}

export interface SendSettings {
  /** THROTTLED window in seconds; 0 turns the check off. */
  readonly throttleWindowS: number;
}

/**
 * POST /sms/send and /sms/price: the message core's intake (batch checks, price, one ledger debit, test
 * numbers, schedules) with what is SMS's own: the body cut to the account's part limit and counted in
 * parts, sender-id rules, and in the send transaction opt-outs (refused) and THROTTLED repeats.
 */
export class SmsSendService {
  private readonly recipients = new RecipientParser();
  private readonly intake: MessageIntake<SmsMessageInput, AccountRow, SmsDraft>;

  constructor(
    db: Db,
    private readonly repo: SmsRepository,
    clock: Clock,
    private readonly settings: SendSettings,
    ledger: LedgerService,
    pricing: PricingService,
    accounts: AccountsRepository,
    /** The contact lists list_id expands through; absent: list_id is refused (NOT_ENOUGH_PERMISSION_TO_LIST_ID). */
    lists?: ContactListPort,
  ) {
    this.intake = new MessageIntake({ db, clock, ledger, accounts, lists }, repo.messages, this.channel(pricing));
  }

  private channel(pricing: PricingService): IntakeChannel<SmsMessageInput, AccountRow, SmsDraft> {
    const { repo, settings, recipients } = this;
    const repeatKey = (m: SmsDraft) => `${m.to}\u0000${m.body}`;
    return {
      ledgerProduct: 'sms',
      noun: 'SMS',
      contactAddress: 'phone_number',
      // A number in one of the account's opt-out lists is refused like one that replied STOP (sms_opt_outs, in screen()).
      optOutLists: true,
      draft(account, base) {
        // Personalised first: parts, price, the part limit and THROTTLED all see the text the contact gets.
        const text = fillPlaceholders(base.input.body ?? '', base.contact);
        const body = truncateToParts(text, Math.max(1, account.setting_sms_message_char_limit));
        const readIn = readingCountry(base.input.country, account.default_country_sms);
        return Object.assign(base, { body, from: base.input.from?.trim() || null, units: segmentSms(body).parts, country: readIn ?? '', readIn, throttleKey: 0 });
      },
      checkContent: (m) => (m.body.trim() === '' ? 'EMPTY_MESSAGE' : undefined),
      recipient(m) {
        const r = m.readIn ? recipients.parse(m.to, m.readIn) : null;
        return r && { address: r.e164, country: r.country, isTest: r.isTest };
      },
      onRecipient(m) {
        m.throttleKey = throttleKey(m.to, m.body);
      },
      checkSender: (m) => (m.from !== null && !isValidSenderId(m.from) ? 'INVALID_SENDER_ID' : undefined),
      rate: (country, currency) => pricing.smsRateMicros(country, currency),
      async screen(exec, { accountId, nowS, candidates, mode }): Promise<Screen<SmsDraft>> {
        const optedOut = await repo.optedOut(
          exec,
          accountId,
          candidates.map((m) => m.to),
        );
        // A price checks opt-outs only: credit and throttling are the send's.
        const window = mode === 'send' ? settings.throttleWindowS : 0;
        const recent = window > 0 ? await repo.recentlySent(exec, accountId, new Set(candidates.map((m) => m.throttleKey)), nowS - window, THROTTLE_LOOKBACK) : new Set<string>();
        return {
          // ClickSend documents no opt-out status; INVALID_RECIPIENT is the documented refusal of a recipient.
          refuse: (m) => (optedOut.has(m.to) ? 'INVALID_RECIPIENT' : window > 0 && recent.has(repeatKey(m)) ? 'THROTTLED' : undefined),
          accept(m) {
            if (window > 0) recent.add(repeatKey(m));
          },
        };
      },
      columns: (m) => ({
        to_number: m.to,
        from_sender: m.from,
        body: m.body,
        country: m.country,
        custom_string: m.input.custom_string ?? null,
        source: m.input.source ?? null,
        from_email: m.input.from_email ?? null,
        throttle_key: m.throttleKey,
        list_id: m.listId,
        contact_id: m.contact?.contact_id ?? null,
        first_name: m.contact?.first_name ?? null,
        last_name: m.contact?.last_name ?? null,
      }),
    };
  }

  async send(auth: AuthContext, messages: SmsMessageInput[]) {
    const { account, nowS, items } = await this.intake.send(auth, messages);
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
        message_parts: m.units,
        message_price: m.status === 'SUCCESS' ? microsToNumber(m.priceMicros) : 0,
        custom_string: m.input.custom_string ?? '',
        user_id: account.id,
        subaccount_id: auth.subaccountId,
        // History's names and types, on messages to list contacts only: any other message stays the documented example.
        ...(m.contact ? { contact_id: m.contact.contact_id, list_id: m.contact.list_id } : {}),
        country: m.country,
        carrier: '',
        status: m.status,
      })),
      currency: currencyInfo(account.currency),
    };
  }

  /**
   * send() for the server's own sends (automation rules: AUTO_REPLY, SMS forwards): the same checks, prices, debit
   * and store, with `within(trx)` run in the send's transaction after the rows and the debit, so the caller's own
   * record of the send commits with it (and a refused message, which stores nothing, still runs it). Per-message
   * outcomes in the order given.
   */
  async sendWithin(auth: AuthContext, messages: SmsMessageInput[], within: NonNullable<SendOptions['within']>): Promise<ContactSendResult[]> {
    return contactResults(await this.intake.send(auth, messages, { within }));
  }

  /** The same checks and prices as send(), without storing or charging; opt-outs are reported, credit and throttling are not checked. */
  async price(auth: AuthContext, messages: SmsMessageInput[]) {
    const { items } = await this.intake.price(auth, messages);
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
        message_parts: m.units,
        // ClickSend prints the price of /sms/price messages as a string with 4 places ("0.0566").
        message_price: microsToDecimal(m.status === 'SUCCESS' ? m.priceMicros : 0, 4),
        custom_string: m.input.custom_string ?? '',
        country: m.country,
        status: m.status,
      })),
    };
  }

  /**
   * The campaign entry point: one SMS per contact from `template`, personalised, checked, priced, charged
   * (one ledger debit for the batch) and stored exactly as /sms/send stores them (SMS history, the dispatcher,
   * cancel), each row carrying `campaignId`. `within(trx)` runs inside the same transaction after the rows and
   * the debit: a campaign job advances its cursor there, so a batch is either sent and recorded or neither
   * (never twice across a crash). Results follow the order of `contacts`.
   */
  async sendToContacts(
    auth: AuthContext,
    template: SmsTemplate,
    contacts: readonly ListContact[],
    /** campaignId: the campaign the rows belong to; none for a list send of the server's own (an automation's GROUP_SMS). */
    opts: { campaignId?: number; within?: SendOptions['within'] },
  ): Promise<ContactSendResult[]> {
    const input = templateInput(template);
    const columns = opts.campaignId === undefined ? {} : { campaign_id: opts.campaignId };
    const result = await this.intake.sendToContacts(auth, input, contacts, { columns, ...(opts.within ? { within: opts.within } : {}) });
    return contactResults(result);
  }

  /** What sendToContacts() would do (statuses, parts, prices; opt-outs included), storing and charging nothing. */
  async priceToContacts(auth: AuthContext, template: SmsTemplate, contacts: readonly ListContact[]): Promise<ContactSendResult[]> {
    return contactResults(await this.intake.priceToContacts(auth, templateInput(template), contacts));
  }
}

function templateInput(t: SmsTemplate): SmsMessageInput {
  return { body: t.body, from: t.from, schedule: t.schedule, source: t.source, custom_string: t.custom_string };
}

function contactResults(r: IntakeResult<AccountRow, SmsDraft>): ContactSendResult[] {
  return r.items.map((m) => ({
    contact_id: m.contact?.contact_id ?? 0,
    status: m.status,
    message_id: m.messageId,
    to: m.to,
    body: m.body,
    message_parts: m.units,
    price_micros: m.status === 'SUCCESS' ? m.priceMicros : 0,
  }));
}
