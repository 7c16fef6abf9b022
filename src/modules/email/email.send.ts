import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError } from '../../core/errors/index.js';
import type { FileStore } from '../../core/files/index.js';
import { COMPLETED, isTestEmail, orderedMessageId, scheduleAt, tooDeepHtml } from '../../core/messaging/index.js';
import type { Clock } from '../../core/util/clock.js';
import { oneLine } from '../../core/util/text.js';
import { microsToNumber } from '../../core/util/money.js';
import { isEmail } from '../../core/validation/index.js';
import { newDispatchValues } from '../../core/dispatch/index.js';
import { currencyInfo, type AccountRow, type AccountsRepository } from '../accounts/index.js';
import type { EmailSenderPort } from '../email-addresses/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { PricingService } from '../pricing/index.js';
import { decodeAttachments, storeAttachments, type AttachmentLimits, type DecodedAttachment } from './email.attachments.js';
import type { PlainTextConverter } from './email.plain-text.js';
import { presentSent } from './email.presenter.js';
import type { EmailRepository } from './email.repository.js';
import type { EmailInput } from './email.schemas.js';
import type { NewEmailMessage, StoredMailbox } from './email.tables.js';

export interface SendSettings extends AttachmentLimits {
  readonly maxRecipients: number;
  readonly publicUrl: string;
}

/** One email as checked: who it goes to, from which allowed address, what it carries and costs. */
interface Checked {
  account: AccountRow;
  to: StoredMailbox[];
  cc: StoredMailbox[];
  bcc: StoredMailbox[];
  /** Recipients that are not documented test addresses: charged, and the only ones the email goes to. */
  chargeable: number;
  fromId: number;
  fromAddress: string;
  fromName: string | null;
  subject: string;
  body: string;
  attachments: DecodedAttachment[];
  scheduleAt: number;
  nowS: number;
  priceMicros: number;
}

function mailboxes(field: string, list: EmailInput['to'] | null | undefined): StoredMailbox[] {
  return (list ?? []).map((m, i) => {
    const email = m.email.trim();
    if (!isEmail(email) || /[\u0000-\u001f\u007f<>,;"]/.test(email)) throw ApiError.badRequest(`${field}[${i}].email is not an email address: "${m.email}".`);
    // Flattened on input, so the record shows what went out (a header value carries no line break).
    const name = oneLine(m.name);
    return name ? { email, name } : { email };
  });
}

/**
 * POST /email/send and /email/price: one email to up to config.email.maxRecipients recipients (to + cc + bcc).
 * Not the message core's MessageIntake: an intake row is one recipient with its own status, an email is one
 * message with many recipients and one status; the ledger, pricing, test-recipient and dispatch conventions
 * are the same (one debit per call in the send's transaction, test addresses free and never delivered).
 */
export class EmailSendService {
  constructor(
    private readonly db: Db,
    private readonly repo: EmailRepository,
    private readonly clock: Clock,
    private readonly settings: SendSettings,
    private readonly ledger: LedgerService,
    private readonly pricing: PricingService,
    private readonly accounts: AccountsRepository,
    private readonly senders: EmailSenderPort,
    private readonly files: FileStore,
    private readonly plainText: PlainTextConverter,
  ) {}

  private async check(auth: AuthContext, input: EmailInput): Promise<Checked> {
    const to = mailboxes('to', input.to);
    const cc = mailboxes('cc', input.cc);
    const bcc = mailboxes('bcc', input.bcc);
    if (to.length === 0) throw new ApiError('MISSING_REQUIRED_FIELDS', 'to is empty: give at least one recipient.');
    const count = to.length + cc.length + bcc.length;
    if (count > this.settings.maxRecipients) {
      throw new ApiError('TOO_MANY_RECIPIENTS', `to, cc and bcc name ${count} recipients; at most ${this.settings.maxRecipients} are accepted per email.`);
    }
    const rawId = String(input.from.email_address_id).trim();
    if (!/^\d{1,15}$/.test(rawId)) throw ApiError.badRequest(`from.email_address_id is not an id: "${rawId}".`);
    const fromId = Number(rawId);
    const sender = await this.senders.find(auth.accountId, fromId);
    if (!sender) throw ApiError.badRequest(`from.email_address_id ${fromId} is not one of this account's allowed email addresses.`);
    if (!sender.verified) throw ApiError.badRequest(`from.email_address_id ${fromId} (${sender.emailAddress}) is not verified yet: verify it first.`);

    const nowS = Math.floor(this.clock.nowMs() / 1000);
    const at = scheduleAt(input.schedule, nowS);
    if (at === undefined) throw new ApiError('INVALID_SCHEDULE', `schedule is not a unix time now or in the future: "${String(input.schedule)}".`);

    const account = await this.accounts.findAccount(auth.accountId);
    if (!account) throw ApiError.notFound('Account not found.');
    const body = input.body;
    // Refused before any HTML parser sees it: see tooDeepHtml (parse time grows with depth × tags).
    const deep = tooDeepHtml('body', body);
    if (deep) throw ApiError.badRequest(deep);
    const attachments = await decodeAttachments(input.attachments, Buffer.byteLength(body), this.settings);
    const chargeable = [...to, ...cc, ...bcc].filter((m) => !isTestEmail(m.email)).length;
    const priceMicros = chargeable === 0 ? 0 : chargeable * this.pricing.emailRateMicros(account.country, account.currency);
    return {
      account,
      to,
      cc,
      bcc,
      chargeable,
      fromId,
      fromAddress: sender.emailAddress,
      fromName: oneLine(input.from.name) || null,
      subject: oneLine(input.subject),
      body,
      attachments,
      scheduleAt: at,
      nowS,
      priceMicros,
    };
  }

  /** The documented price answer: nothing stored, nothing charged, credit not checked. */
  async price(auth: AuthContext, input: EmailInput) {
    const c = await this.check(auth, input);
    return {
      _currency: currencyInfo(c.account.currency),
      to_array: c.to,
      cc_array: c.cc.length ? c.cc : null,
      bcc_array: c.bcc.length ? c.bcc : null,
      body: c.body,
      subject: c.subject,
      // The price answer's price is a number (ClickSend's example: 0.002), unlike the send record's string.
      price: microsToNumber(c.priceMicros),
    };
  }

  /**
   * Stores the email (its attachments as files first) and charges it in the same transaction (INSUFFICIENT_CREDIT,
   * the ledger's documented refusal, refuses the whole email and stores nothing), and leaves it to the queue. An email only to test addresses
   * is stored Completed: free and never dispatched.
   */
  async send(auth: AuthContext, input: EmailInput) {
    const c = await this.check(auth, input);
    const plain = await this.plainText.of(c.body);
    const stored = await storeAttachments(this.files, c.attachments);
    const messageId = orderedMessageId(this.clock.nowMs());
    const row: NewEmailMessage = {
      ...newDispatchValues(c.scheduleAt, c.nowS),
      ...(c.chargeable === 0 ? { status: COMPLETED } : {}),
      message_id: messageId,
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      api_username: auth.apiUsername,
      from_email_address_id: c.fromId,
      from_address: c.fromAddress,
      from_name: c.fromName,
      to_json: JSON.stringify(c.to),
      cc_json: c.cc.length ? JSON.stringify(c.cc) : null,
      bcc_json: c.bcc.length ? JSON.stringify(c.bcc) : null,
      to_first: c.to[0]!.email.toLowerCase(),
      subject: c.subject,
      body: c.body,
      body_plain_text: plain,
      attachments_json: stored.length ? JSON.stringify(stored) : null,
      recipients: c.chargeable,
      price_micros: c.priceMicros,
      custom_string: input.custom_string ?? null,
      created_at: c.nowS,
      sent_at: null,
      relay_response: null,
      rejected_json: null,
    };
    const saved = await this.db
      .transaction()
      .execute(async (trx) => {
        // The debit first: it is the ledger's conditional update (never below zero, concurrent sends decide one after
        // the other), and a short balance throws INSUFFICIENT_CREDIT before anything is written.
        if (c.priceMicros > 0) {
          await this.ledger.debit(
            {
              accountId: auth.accountId,
              subaccountId: auth.subaccountId,
              amountMicros: c.priceMicros,
              product: 'email',
              quantity: c.chargeable,
              reference: messageId,
              description: `Email: ${c.chargeable} recipient(s)`,
            },
            trx,
          );
        }
        return this.repo.insert(trx, row);
      })
      .catch(async (err: unknown) => {
        // Refused (INSUFFICIENT_CREDIT) or failed: the files of an email that was never stored go too (best effort).
        await Promise.allSettled(stored.map((a) => this.files.delete(a.stored_name)));
        throw err;
      });
    return presentSent(saved, currencyInfo(c.account.currency), this.settings.publicUrl);
  }
}
