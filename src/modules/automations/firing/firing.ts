import type { Transaction } from 'kysely';
import type { Database } from '../../../core/db/index.js';
import type { AutomationEvent, AutomationPort, AutomationRuleKind, WebhookOutbox, WebhookRequest, WebhookType } from '../../../core/messaging/index.js';
import { unixSeconds, type Clock } from '../../../core/util/clock.js';
import type { NewAutomationAction } from './actions.tables.js';
import { matchingRules, ruleKindOf, type FiringRule } from './match.js';
import './actions.tables.js';
import '../automations.tables.js';

/** Actions that do nothing when they fire: POLL (the event is already in the pull list it was stored in), NONE, NOTHING. */
const NO_OP_ACTIONS: ReadonlySet<string> = new Set(['POLL', 'NONE', 'NOTHING']);
/** Actions that send an SMS: not run for a sandbox number's automatic answer to an automation's own message (the loop guard). */
export const SENDING_ACTIONS: ReadonlySet<string> = new Set(['AUTO_REPLY', 'SMS', 'GROUP_SMS']);

/** Ids per IN (...): far below both dialects' bound-parameter limits. */
const IN_CHUNK = 500;
/** Rows per multi-row insert of actions (9 columns each, well within SQLite's 32,766 parameters). */
const INSERT_CHUNK = 500;

const WEBHOOK_TYPES: ReadonlySet<string> = new Set(['post', 'get', 'json']);

/**
 * The AutomationPort: runs inside the transaction that stores the events (an inbound SMS, a receipt sweep's batch),
 * so what the rules ask for commits with the event or not at all. Per rule group present in the batch, one read of
 * the enabled rules of the batch's accounts (the (account_id, kind, id) index, creation order), matching in memory,
 * then one multi-row write of webhook deliveries and one of actions. A batch with no rules costs one indexed read.
 */
export class AutomationFiring implements AutomationPort {
  constructor(
    private readonly clock: Clock,
    /** The outbox URL actions enqueue into; absent (no webhooks module composed) URL rules push nothing. */
    private readonly webhooks?: WebhookOutbox,
  ) {}

  async fire(trx: Transaction<Database>, events: readonly AutomationEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byKind = new Map<AutomationRuleKind, AutomationEvent[]>();
    for (const e of events) {
      const kind = ruleKindOf(e);
      if (kind === null) continue;
      const list = byKind.get(kind);
      if (list) list.push(e);
      else byKind.set(kind, [e]);
    }
    const requests: WebhookRequest[] = [];
    const actions: NewAutomationAction[] = [];
    const now = unixSeconds(this.clock);
    for (const [kind, kindEvents] of byKind) {
      const rules = await this.enabledRules(trx, kind, [...new Set(kindEvents.map((e) => e.accountId))]);
      if (rules.size === 0) continue;
      for (const event of kindEvents) {
        const own = rules.get(event.accountId);
        if (!own) continue;
        for (const rule of matchingRules(own, event)) this.plan(rule, event, now, requests, actions);
      }
    }
    if (requests.length > 0 && this.webhooks) await this.webhooks.enqueue(trx, requests);
    for (let i = 0; i < actions.length; i += INSERT_CHUNK)
      await trx
        .insertInto('automation_actions')
        .values(actions.slice(i, i + INSERT_CHUNK))
        .execute();
  }

  /** What one matching rule does for one event: a webhook, an action row, or nothing. */
  private plan(rule: FiringRule, event: AutomationEvent, now: number, requests: WebhookRequest[], actions: NewAutomationAction[]): void {
    const action = rule.action.trim().toUpperCase();
    if (NO_OP_ACTIONS.has(action)) return;
    const ruleRef = { kind: rule.kind, id: Number(rule.id) };
    if (action === 'URL') {
      requests.push({ accountId: event.accountId, event, url: rule.action_address, webhookType: webhookTypeOf(rule), rule: ruleRef });
      return;
    }
    // A sandbox number answers every message it gets; without this an AUTO_REPLY to it would answer its answer forever.
    if (event.type === 'sms.inbound' && event.answersAutomation && SENDING_ACTIONS.has(action)) return;
    actions.push({
      status: 'Queued',
      schedule_at: now,
      attempts: 0,
      next_attempt_at: 0,
      account_id: event.accountId,
      rule_kind: rule.kind,
      rule_id: ruleRef.id,
      action,
      action_address: rule.action_address,
      rule_body: rule.body,
      rule_keyword: Number(rule.message_search_type) === 1 && rule.message_search_term ? rule.message_search_term : null,
      event: JSON.stringify(event),
      created_at: now,
    });
  }

  /** The enabled rules of one group for these accounts, by account, each in creation order. */
  private async enabledRules(trx: Transaction<Database>, kind: AutomationRuleKind, accountIds: number[]): Promise<Map<number, FiringRule[]>> {
    const byAccount = new Map<number, FiringRule[]>();
    for (let i = 0; i < accountIds.length; i += IN_CHUNK) {
      const rows = await trx
        .selectFrom('automation_rules')
        .select(['id', 'account_id', 'kind', 'dedicated_number', 'message_search_type', 'message_search_term', 'match_type', 'action', 'action_address', 'body', 'webhook_type'])
        .where('account_id', 'in', accountIds.slice(i, i + IN_CHUNK))
        .where('kind', '=', kind)
        .where('enabled', '=', 1)
        .orderBy('id')
        .execute();
      for (const r of rows) {
        const accountId = Number(r.account_id);
        const list = byAccount.get(accountId);
        if (list) list.push(r);
        else byAccount.set(accountId, [r]);
      }
    }
    return byAccount;
  }
}

/** An inbound SMS rule's webhook_type (post by default); every other group always posts (webhooks.md §1, §2). */
function webhookTypeOf(rule: FiringRule): WebhookType {
  const t = rule.kind === 'sms_inbound' ? (rule.webhook_type ?? 'post').toLowerCase() : 'post';
  return (WEBHOOK_TYPES.has(t) ? t : 'post') as WebhookType;
}
