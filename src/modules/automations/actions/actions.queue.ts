import type { DispatchQueue, DispatchRow, Outcome } from '../../../core/dispatch/index.js';
import type { AutomationEvent, ContactListPort } from '../../../core/messaging/index.js';
import type { EmailProvider } from '../../../providers/email/types.js';
import type { AccountsRepository } from '../../accounts/index.js';
import type { ContactsRepository } from '../../contacts/index.js';
import type { SmsSendService } from '../../sms/index.js';
import type { AutomationActionRow } from '../firing/index.js';
import { runContactAction } from './actions.contacts.js';
import { actionEmail } from './actions.email.js';
import type { AutomationActionsRepository } from './actions.repository.js';
import { runGroupSend, runSingleSend } from './actions.send.js';
import { failure, Superseded, type ActionJob, type ActionResult } from './actions.types.js';

type Row = AutomationActionRow & DispatchRow;

const CONTACT_ACTIONS: ReadonlySet<string> = new Set(['MOVE_CONTACT', 'CREATE_CONTACT', 'CREATE_CONTACT_PLUS_EMAIL', 'CREATE_CONTACT_PLUS_NAME', 'CREATE_CONTACT_PLUS_NAME_EMAIL']);

export interface ActionsQueueDeps {
  repo: AutomationActionsRepository;
  send: SmsSendService;
  credentials: AccountsRepository;
  email: EmailProvider;
  emailSmsDomain: string;
  lists?: ContactListPort | undefined;
  contacts?: ContactsRepository | undefined;
}

/** A stored result as the dispatcher's outcome: a failure (refused send, unknown list) ends the row Failed with its reason. */
function outcomeOf(result: ActionResult, set?: Record<string, unknown>): Outcome {
  return result.ok ? { result: 'sent', ...(set ? { set } : {}) } : { result: 'failed', error: result.error, ...(set ? { set } : {}) };
}

/**
 * Runs automation_actions rows (written by firing with the event). Exactly once: every action either records its
 * result in the transaction of its effect (sends, contact changes; see each runner) or has an effect that is
 * idempotent per key (the email provider, keyed by the action row), and the handler returns a stored result before
 * doing anything: a claim after a crash (between the effect's commit and the dispatcher's outcome) finds it and
 * repeats nothing. Failures end the row Failed with last_error; only unexpected errors (a database outage) retry.
 */
export function automationActionsQueue(d: ActionsQueueDeps): DispatchQueue<Row> {
  return {
    name: 'automation_actions',
    table: 'automation_actions',
    idempotencyKey: (row) => `automation-action-${row.id}`,
    retry: { maxAttempts: 5, baseDelayMs: 5_000 },
    async handle(row, ctx) {
      if (row.result !== null) return outcomeOf(JSON.parse(row.result) as ActionResult);
      let event: AutomationEvent;
      try {
        event = JSON.parse(row.event) as AutomationEvent;
      } catch {
        return { result: 'failed', error: 'the stored event is not JSON.' };
      }
      const job: ActionJob = {
        claim: { id: Number(row.id), claimedBy: row.claimed_by, attempts: Number(row.attempts) },
        accountId: Number(row.account_id),
        action: row.action.toUpperCase(),
        address: row.action_address,
        ruleBody: row.rule_body,
        ruleKeyword: row.rule_keyword,
        event,
        nowS: Math.floor(ctx.nowMs / 1000),
      };
      try {
        if (job.action === 'EMAIL_USER' || job.action === 'EMAIL_FIXED') {
          const result = await sendEmail(d, job, ctx.idempotencyKey);
          return outcomeOf(result, { result: JSON.stringify(result), finished_at: job.nowS });
        }
        if (job.action === 'AUTO_REPLY' || job.action === 'SMS') return outcomeOf(await runSingleSend(job, d));
        if (job.action === 'GROUP_SMS') return outcomeOf(await runGroupSend(job, d));
        if (CONTACT_ACTIONS.has(job.action)) return outcomeOf(await runContactAction(job, d.repo, d.contacts));
        // SMPP has no server here; anything else stored in a rule is no action Sendbox knows.
        return { result: 'failed', error: `${job.action} is not an action Sendbox runs.` };
      } catch (err) {
        // Another run recorded the action first (its claim was taken over): that run's outcome stands.
        if (err instanceof Superseded) return { result: 'sent' };
        throw err;
      }
    },
  };
}

/**
 * EMAIL_FIXED (to action_address) and EMAIL_USER (to the from_email of the message replied to, else the sending
 * subaccount's email, else the account's) through the email provider, keyed by the action: idempotent per key, so a
 * re-run writes no second email.
 */
async function sendEmail(d: ActionsQueueDeps, job: ActionJob, key: string): Promise<ActionResult> {
  let to: string | null | undefined;
  if (job.action === 'EMAIL_FIXED') to = job.address.trim();
  else {
    to = ('fromEmail' in job.event ? job.event.fromEmail : null) || null;
    if (!to) {
      const sub = await d.credentials.findSubaccount(job.event.subaccountId);
      to = sub && Number(sub.account_id) === job.accountId ? sub.email : null;
    }
    if (!to) to = (await d.credentials.findAccount(job.accountId))?.user_email;
  }
  if (!to || !/^[^\s@]+@[^\s@]+$/.test(to)) return failure(`no e-mail address to send to (got "${to ?? ''}").`);
  const email = actionEmail(job.event, d.emailSmsDomain);
  await d.email.send({ to, subject: email.subject, text: email.text, from: email.from }, key);
  return { ok: true, to, key };
}
