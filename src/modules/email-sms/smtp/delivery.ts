import type { AuthContext } from '../../../core/auth/index.js';
import { RecipientParser } from '../../../core/messaging/index.js';
import { apiKeyMatches, hashToken } from '../../../core/auth/index.js';
import { ApiError } from '../../../core/errors/index.js';
import { unixSeconds, type Clock } from '../../../core/util/clock.js';
import { accessOf, type AccountsRepository, type SubaccountRow } from '../../accounts/index.js';
import type { SmsSendService } from '../../sms/index.js';
import type { EmailSmsRepository } from '../email-sms.repository.js';
import type { EmailSmsAddressRow } from '../email-sms.tables.js';
import { smsText, type MailContent } from './mail-text.js';
import { refusalReply, replies, SmtpReply } from './replies.js';

/** Who an SMTP AUTH pinned: the account (and credential) whose allowed addresses alone count. */
export interface SmtpUser {
  accountId: number;
  apiUsername: string;
  /** The subaccount logged in: a subaccount other than the main one may send only from its own addresses. */
  subaccountId: number;
  isPrimary: boolean;
}

/** What a delivered mail became. */
export type DeliveryResult = { kind: 'sent'; messageIds: string[] } | { kind: 'duplicate' };

/** Message-IDs are remembered this long: a client retries a lost 250 within minutes, not days. */
export const RECEIVED_TTL_S = 7 * 86_400;

// Compared against when the username is unknown, so that path does the same work as a wrong key (as core/auth does).
const UNKNOWN_KEY_HASH = '0'.repeat(64);

/** Thrown inside the send's transaction to roll it back when the Message-ID was already turned into SMS. */
class AlreadyReceived extends Error {}

type Credentials = Pick<AccountsRepository, 'findByApiUsername' | 'findAccount' | 'findAccountSubaccount' | 'findPrimarySubaccount'>;

/**
 * From an SMTP transaction to SMS: who may send (the allowed address, pinned by SMTP AUTH or unique across
 * accounts), and the mail's SMS through the SMS module's send service, all or nothing per mail.
 *
 * Who owns a sender address, thought of as an attacker would: MAIL FROM is whatever the client writes, and two
 * accounts may allow the same address. So an address is unique within an account only, and a mail is charged to
 * an account in one of two ways: SMTP AUTH with that account's API username and API key (the address must be
 * allowed there), or, without AUTH, the address must be allowed by exactly one account; allowed by several, the
 * mail is refused with a reply telling the sender to authenticate, rather than guessing whose credit to spend.
 */
export class EmailSmsDelivery {
  constructor(
    private readonly repo: EmailSmsRepository,
    private readonly credentials: Credentials,
    private readonly sms: Pick<SmsSendService, 'sendWithin'>,
    private readonly clock: Clock,
  ) {}

  /** Reads recipients as the SMS pipeline does, so one number written several ways is one SMS. */
  private readonly numbers = new RecipientParser(10_000);

  /** SMTP AUTH (PLAIN/LOGIN): the API username and API key, compared in constant time; undefined when wrong. */
  async authenticate(username: string, apiKey: string): Promise<{ user: SmtpUser; sms: boolean } | undefined> {
    const stored = await this.credentials.findByApiUsername(username);
    if (!apiKeyMatches(apiKey, stored?.apiKeyHash ?? UNKNOWN_KEY_HASH) || !stored) return undefined;
    return { user: { accountId: stored.accountId, apiUsername: stored.apiUsername, subaccountId: stored.subaccountId, isPrimary: stored.isPrimary }, sms: stored.access.sms };
  }

  /** The allowed address a MAIL FROM stands for, or the refusal to answer it with. */
  async sender(email: string, user: SmtpUser | undefined): Promise<EmailSmsAddressRow> {
    const address = email.trim().toLowerCase();
    if (address === '') throw replies.nullSender();
    if (user) {
      const row = await this.repo.addressInAccount(user.accountId, address);
      // The mail is sent and charged as the address's subaccount: a subaccount's login must not spend another's.
      const own = row && (user.isPrimary || Number(row.subaccount_id) === user.subaccountId);
      if (!row || !own) throw replies.senderNotAllowedForAuth(address, user.apiUsername);
      return row;
    }
    const rows = await this.repo.addressesAnywhere(address);
    if (rows.length === 0) throw replies.senderNotAllowed(address);
    if (rows.length > 1) throw replies.senderAmbiguous(address);
    return rows[0]!;
  }

  /** Sends the mail's SMS to every recipient (numbers as written before @), or refuses the whole mail. */
  async deliver(sender: EmailSmsAddressRow, fromEmail: string, recipients: readonly string[], mail: MailContent): Promise<DeliveryResult> {
    const accountId = sender.account_id;
    // Independent reads, at once: on PostgreSQL each is a round trip.
    const [account, strips, auth] = await Promise.all([this.credentials.findAccount(accountId), this.repo.stringsToStrip(accountId), this.sendAs(sender)]);
    if (!account) throw replies.senderNotAllowed(sender.email_address);
    // The account row is in hand: its `active` is what isAccountActive() reads (routes that send require it).
    if (account.active !== 1) throw replies.notActivated();
    const body = smsText(mail, { includeSubject: account.setting_email_sms_subject === 1, strippedStrings: strips });
    if (body === '') throw replies.empty();

    const messageKey = mail.messageId ? hashToken(mail.messageId) : undefined;
    // The same number twice in one mail is one SMS, however it is written (+61…, 61…, 04… read in the account's
    // country): otherwise it is sent and charged twice, or with THROTTLED on the whole mail is refused as a repeat.
    const seen = new Set<string>();
    const unique = recipients.filter((to) => {
      const key = this.numbers.parse(to, account.default_country_sms || 'AU')?.e164 ?? to;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const messages = unique.map((to) => ({ to, body, from: sender.from_sender, source: 'email', from_email: fromEmail }));
    try {
      const results = await this.sms.sendWithin(auth, messages, async (trx, decided) => {
        // All or nothing per mail: SMTP has one answer for the whole mail, so a refusal of any recipient rolls back all.
        const refused = decided.findIndex((d) => d.status !== 'SUCCESS');
        if (refused >= 0) throw refusalReply(decided[refused]!.status, unique[refused]!);
        if (messageKey && !(await this.repo.markReceived(trx, accountId, messageKey, unixSeconds(this.clock)))) throw new AlreadyReceived();
      });
      return { kind: 'sent', messageIds: results.map((m) => m.message_id) };
    } catch (err) {
      if (err instanceof AlreadyReceived) return { kind: 'duplicate' };
      if (err instanceof SmtpReply) throw err;
      // The SMS pipeline's own refusals of a whole call (an ApiError) are permanent; anything else is ours.
      if (err instanceof ApiError) throw new SmtpReply(550, `5.6.0 ${err.responseCode}: ${err.message} Nothing was sent.`);
      throw err;
    }
  }

  /** The address's subaccount (usage attributed to it), else the account's main credentials. */
  private async sendAs(sender: EmailSmsAddressRow): Promise<AuthContext> {
    const sub = sender.subaccount_id === null ? undefined : await this.credentials.findAccountSubaccount(sender.account_id, sender.subaccount_id);
    const row = sub ?? (await this.credentials.findPrimarySubaccount(sender.account_id));
    if (!row) throw replies.senderNotAllowed(sender.email_address);
    // The SMS pipeline trusts its caller's credentials: one without access_sms must not send by mail either.
    if (!accessOf(row).sms) throw replies.senderSubaccountNoSms(sender.email_address);
    return authContextOf(row);
  }

  /** Forgets old Message-IDs (a periodic task). */
  pruneReceived(): Promise<number> {
    return this.repo.pruneReceived(unixSeconds(this.clock) - RECEIVED_TTL_S);
  }
}

function authContextOf(row: SubaccountRow): AuthContext {
  return {
    accountId: row.account_id,
    subaccountId: row.id,
    apiUsername: row.api_username,
    isPrimary: row.is_primary === 1,
    access: accessOf(row),
    presentedApiKey: undefined,
    record: row,
  };
}
