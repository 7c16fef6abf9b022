import { actingAs, type AuthContext } from '../../../core/auth/index.js';
import type { ContactListPort } from '../../../core/messaging/index.js';
import type { AccountsRepository } from '../../accounts/index.js';
import type { ContactsRepository } from '../../contacts/index.js';
import { AUTOMATION_SOURCE, type SmsSendService } from '../../sms/index.js';
import type { AutomationActionsRepository } from './actions.repository.js';
import { failure, Superseded, type ActionJob, type ActionResult } from './actions.types.js';

/** Contacts per GROUP_SMS batch: one transaction of messages, their debit and the cursor's advance. */
const GROUP_BATCH = 500;

export interface SendDeps {
  repo: AutomationActionsRepository;
  send: SmsSendService;
  credentials: AccountsRepository;
  lists?: ContactListPort | undefined;
  contacts?: ContactsRepository | undefined;
}

/**
 * The credentials an action sends with (and is charged to): the subaccount of the event (the one that sent the message
 * replied to), else the account's main one; with every permission, as the rule is the account's own setting.
 */
async function actionAuth(d: SendDeps, job: ActionJob): Promise<AuthContext | null> {
  const sub = await d.credentials.findSubaccount(job.event.subaccountId);
  const row = sub && Number(sub.account_id) === job.accountId ? sub : await d.credentials.findPrimarySubaccount(job.accountId);
  if (!row) return null;
  return actingAs({ accountId: job.accountId, subaccountId: Number(row.id), apiUsername: row.api_username, isPrimary: Number(row.is_primary) === 1 });
}

/** The text SMS forwards: the reply with who sent it, or a receipt notice. */
function forwardText(job: ActionJob): string {
  const e = job.event;
  switch (e.type) {
    case 'sms.inbound':
      return `Reply from ${e.from}: ${e.body}`;
    case 'receipt':
      return `Delivery receipt: your ${e.channel.toUpperCase()} to ${e.recipient} was ${e.status} (${e.statusCode} ${e.statusText})`;
    case 'fax.inbound':
      return `Fax received from ${e.from} on ${e.to}`;
  }
}

/**
 * AUTO_REPLY (the rule's body, else its action_address, back to the sender from the number it arrived on) and SMS (the
 * event forwarded to action_address): one message through the SMS pipeline (checked, priced, charged, stored, dispatched
 * like any /sms/send). Exactly once: the send's rows, its debit and this action's completion mark commit in one
 * transaction (sendWithin), and the mark is conditional on the action having no result yet and on this claim, so a
 * re-run after a crash finds the result (the handler returns it before sending) and a racing run rolls its send back.
 * A refused message (no credit, opted out) stores nothing and is recorded as the action's failure.
 */
export async function runSingleSend(job: ActionJob, d: SendDeps): Promise<ActionResult> {
  const e = job.event;
  let to: string;
  let body: string;
  let from: string | undefined;
  if (job.action === 'AUTO_REPLY') {
    if (e.type !== 'sms.inbound') return failure(`AUTO_REPLY needs an inbound SMS to answer; this rule fired on a ${e.type} event.`);
    to = e.from;
    from = e.to;
    body = job.ruleBody?.trim() ? job.ruleBody : job.address;
  } else {
    to = job.address.trim();
    body = forwardText(job);
    if (e.type === 'sms.inbound') from = e.to;
  }
  if (body.trim() === '') return failure(`${job.action} has no text to send (the rule has neither a body nor an action_address).`);
  const auth = await actionAuth(d, job);
  if (!auth) return failure('the account has no credentials to send with.');
  let result: ActionResult | undefined;
  await d.send.sendWithin(auth, [{ to, body, ...(from ? { from } : {}), source: AUTOMATION_SOURCE }], async (trx, decided) => {
    const m = decided[0];
    result = m?.status === 'SUCCESS' ? { ok: true, message_id: m.messageId, to } : failure(`the SMS to ${to} was refused: ${m?.status ?? 'nothing sent'}.`);
    if (!(await d.repo.complete(trx, job.claim, result, job.nowS))) throw new Superseded();
  });
  return result ?? failure('nothing was sent.');
}

/**
 * GROUP_SMS: the reply re-sent to the other contacts of the list (action_address), from the number it arrived on,
 * prefixed with the replier's name in the list (else number): a group chat over SMS. The list is walked in contact_id
 * order a batch at a time; each batch's messages, their debit and the cursor's advance commit together, conditional
 * on the cursor the batch started from, so a crash re-sends no batch and skips none (as an SMS campaign does).
 */
export async function runGroupSend(job: ActionJob, d: SendDeps): Promise<ActionResult> {
  const e = job.event;
  if (e.type !== 'sms.inbound') return failure(`GROUP_SMS needs an inbound SMS to re-send; this rule fired on a ${e.type} event.`);
  if (!d.lists) return failure('contact lists are not served by this server.');
  const listId = Number(job.address.trim());
  if (!Number.isSafeInteger(listId) || listId <= 0) return failure(`action_address "${job.address}" is not a list id.`);
  const auth = await actionAuth(d, job);
  if (!auth) return failure('the account has no credentials to send with.');
  const self = (await d.contacts?.contactsByPhone(d.repo.db, job.accountId, e.from))?.find((c) => Number(c.list_id) === listId);
  const who = [self?.first_name, self?.last_name].filter(Boolean).join(' ') || e.from;
  const template = { body: `${who}: ${e.body}`, from: e.to, source: AUTOMATION_SOURCE };
  let sent = 0;
  for (;;) {
    const cursor = (await d.repo.progressOf(job.claim.id)) ?? 0;
    const page = await d.lists.page(job.accountId, listId, cursor, GROUP_BATCH);
    if (page === null && cursor === 0) return complete(d, job, failure(`list ${listId} was not found in this account.`));
    if (!page || page.length === 0) return complete(d, job, { ok: true, list_id: listId, last_contact_id: cursor, sent_this_run: sent });
    const last = page[page.length - 1]!.contact_id;
    const others = page.filter((c) => c.phone_number && c.phone_number !== e.from);
    const advance = async (trx: Parameters<typeof d.repo.advance>[0]) => {
      if (!(await d.repo.advance(trx, job.claim, cursor, last))) throw new Superseded();
    };
    if (others.length === 0) await d.repo.transaction(advance);
    else {
      const results = await d.send.sendToContacts(auth, template, others, { within: advance });
      sent += results.filter((r) => r.status === 'SUCCESS').length;
    }
    // A turn for the API between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function complete(d: SendDeps, job: ActionJob, result: ActionResult): Promise<ActionResult> {
  await d.repo.transaction(async (trx) => {
    if (!(await d.repo.complete(trx, job.claim, result, job.nowS))) throw new Superseded();
  });
  return result;
}
