import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AuthContext } from '../../core/auth/index.js';
import type { Database, Db } from '../../core/db/index.js';
import { ApiError } from '../../core/errors/index.js';
import { testPushUrl, type AutomationPort, type ContactListPort, type InboundSmsEvent, type WebhookOutbox, type WebhookType } from '../../core/messaging/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { formatGuid, newMessageId } from '../../core/util/ids.js';
import { compileSearch, phoneValue, type SearchParams } from '../../core/search/index.js';
import type { SmsInboxRepository } from './sms.inbox.repository.js';
import { presentInbound } from './sms.presenter.js';
import { SMS_INBOUND_SEARCH } from './sms.query.js';
import type { NewSmsInbound } from './sms.tables.js';

/** A reply whose first word is one of these opts its sender out of the account's messages (ClickSend: STOP, UNSUBSCRIBE, END). */
export const OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set(['stop', 'stopall', 'unsubscribe', 'end', 'quit']);

/** `_keyword`: the first word, lower case, without punctuation ("Liquorice sweet…" → "liquorice"). */
export function keywordOf(body: string): string {
  const first = body.trim().split(/\s+/)[0] ?? '';
  return first
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
    .slice(0, 100);
}

/** The id of the reply to an outbound message: derived from it, so writing the reply twice stores it once. */
export function replyMessageId(outboundMessageId: string): string {
  return formatGuid(createHash('sha256').update(`sms-reply:${outboundMessageId}`).digest('hex'));
}

/** Where a reply arrives: the number the outbound message came from, or the shared number for an alphanumeric (or no) sender. */
export function replyAddress(fromSender: string | null, shared: string): string {
  return fromSender && /^\+?\d{3,16}$/.test(fromSender) ? fromSender : shared;
}

/** What an inbound row does not hold but its automation event carries (from the outbound message it answers). */
export interface InboundContext {
  /** The outbound message's subaccount, else the account's main one. */
  readonly subaccountId: number;
  /** The outbound message's from_email (EMAIL_USER's target), else null. */
  readonly fromEmail: string | null;
  /** A sandbox number's automatic answer to a message an automation sent (fires no sending action). */
  readonly answersAutomation?: boolean;
}

/** The automation event of a stored inbound row (webhooks.md §1). */
export function inboundEvent(row: NewSmsInbound, ctx: InboundContext): InboundSmsEvent {
  return {
    type: 'sms.inbound',
    accountId: row.account_id,
    subaccountId: ctx.subaccountId,
    messageId: row.message_id,
    from: row.from_number,
    to: row.to_number,
    body: row.body,
    originalMessageId: row.original_message_id ?? null,
    originalBody: row.original_body ?? null,
    customString: row.custom_string ?? null,
    fromEmail: ctx.fromEmail,
    timestamp: row.created_at,
    ...(ctx.answersAutomation ? { answersAutomation: true } : {}),
  };
}

/**
 * Stores an inbound message; STOP and its kin opt the sender out in the same transaction: sms_opt_outs (what
 * every send checks) and, when contact lists are served, the account's opt-out list (ClickSend adds STOP
 * senders to it, and list tools such as "remove opted-out contacts" read it). Returns its automation event, or
 * null when the row was there already (a repeat fires nothing); with `automations` it is fired here, in `trx`,
 * so the message and what its rules ask for commit together (a batch caller fires its events at once instead).
 */
export async function recordInbound(
  repo: SmsInboxRepository,
  trx: Transaction<Database>,
  row: NewSmsInbound,
  lists: ContactListPort | undefined,
  ctx: InboundContext,
  automations?: AutomationPort,
): Promise<InboundSmsEvent | null> {
  if (!(await repo.insertInbound(trx, row))) return null;
  if (OPT_OUT_KEYWORDS.has(row.keyword)) {
    await repo.optOut(trx, row.account_id, row.from_number, row.message_id, row.created_at);
    await lists?.optOut(trx, row.account_id, row.from_number, row.created_at);
  }
  const event = inboundEvent(row, ctx);
  await automations?.fire(trx, [event]);
  return event;
}

/** Inbound SMS: the pull list, test messages, read marks and replies to one outbound message. */
export class SmsInboundService {
  constructor(
    private readonly db: Db,
    private readonly repo: SmsInboxRepository,
    private readonly clock: Clock,
    /** The provider's shared number: where replies to alphanumeric senders arrive. */
    private readonly sharedNumber: string,
    private readonly lists: ContactListPort | undefined,
    private readonly hooks: {
      /** The account's main subaccount: a test inbound that answers no message is attributed to it. */
      mainSubaccount(accountId: number): Promise<number>;
      automations?: AutomationPort | undefined;
      webhooks?: WebhookOutbox | undefined;
    },
  ) {}

  /** Unread inbound messages matching q=, oldest first unless order_by says otherwise (pull them, then mark them read). */
  async list(auth: AuthContext, query: SearchParams, page: PageRequest) {
    const search = compileSearch(SMS_INBOUND_SEARCH, query);
    const { rows, total } = await this.repo.unreadInboundPage(auth.accountId, search, page.limit, page.offset);
    return { total, items: rows.map(presentInbound) };
  }

  /**
   * POST /sms/inbound. ClickSend returns a generated sample; Sendbox also stores it (so the pull list and
   * GET /sms/inbound/{id} show it) and lets the caller shape it: `body: "STOP"` exercises the opt-out.
   * It replies to original_message_id, or else to the account's latest outbound message. Like any inbound
   * message it fires the account's inbound rules; and ClickSend "generates and sends" it to `url` (webhook_type
   * post, get or json): that push is queued in the same transaction. `url` "poll" stores it only.
   */
  async addTest(auth: AuthContext, input: { url: string; webhook_type?: string | undefined; from?: string | undefined; body?: string | undefined; original_message_id?: string | undefined }) {
    const url = testPushUrl(input.url);
    const webhookType = (input.webhook_type ?? 'post').trim().toLowerCase();
    if (!['post', 'get', 'json'].includes(webhookType)) throw ApiError.badRequest(`webhook_type must be post, get or json, got "${input.webhook_type}".`);
    const original = input.original_message_id ? await this.repo.outbound(auth.accountId, input.original_message_id.trim().toUpperCase()) : await this.repo.latestOutbound(auth.accountId);
    if (input.original_message_id && !original) throw ApiError.notFound(`No outbound SMS with message_id ${input.original_message_id} in this account.`);
    const from = input.from?.trim() ? phoneValue(input.from.trim()) : (original?.to_number ?? '+61411111111');
    if (!/^\+\d{4,16}$/.test(from)) throw ApiError.badRequest(`from must be a phone number in E.164 (+61411111111), got "${input.from}".`);
    const body = input.body ?? `This is a test incoming SMS. ${newMessageId().slice(0, 10).replace(/-/g, '')}.`;
    const row = {
      message_id: newMessageId(),
      account_id: auth.accountId,
      from_number: from,
      to_number: replyAddress(original?.from_sender ?? null, this.sharedNumber),
      body,
      keyword: keywordOf(body),
      original_message_id: original?.message_id ?? null,
      original_body: original?.body ?? null,
      custom_string: original?.custom_string ?? null,
      is_read: 0,
      created_at: unixSeconds(this.clock),
    } satisfies NewSmsInbound;
    const ctx = { subaccountId: original ? Number(original.subaccount_id) : await this.hooks.mainSubaccount(auth.accountId), fromEmail: original?.from_email ?? null };
    await this.db.transaction().execute(async (trx) => {
      const event = await recordInbound(this.repo, trx, row, this.lists, ctx, this.hooks.automations);
      if (event && url !== null) await this.hooks.webhooks?.enqueue(trx, [{ accountId: auth.accountId, event, url, webhookType: webhookType as WebhookType, rule: null }]);
    });
    return presentInbound(row);
  }

  async markAllRead(auth: AuthContext, dateBefore: number | null | undefined): Promise<void> {
    await this.repo.markInboundRead(auth.accountId, dateBefore ?? undefined);
  }

  async markRead(auth: AuthContext, messageId: string): Promise<void> {
    const n = await this.repo.markInboundRead(auth.accountId, undefined, messageId.trim().toUpperCase());
    if (n === 0) throw ApiError.notFound(`No inbound SMS with message_id ${messageId} in this account.`);
  }

  /** GET /sms/inbound/{outbound_message_id}: the latest reply to that message. */
  async replyTo(auth: AuthContext, outboundMessageId: string) {
    const row = await this.repo.latestReplyTo(auth.accountId, outboundMessageId.trim().toUpperCase());
    if (!row) throw ApiError.notFound(`No reply to an outbound SMS with message_id ${outboundMessageId} in this account.`);
    return presentInbound(row);
  }
}
