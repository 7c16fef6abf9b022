import type { AutomationEvent, AutomationRuleKind } from '../../../core/messaging/index.js';
import type { AutomationRuleRow } from '../automations.tables.js';

/** The rule columns matching reads (automation_rules, migrations/0020). */
export type FiringRule = Omit<AutomationRuleRow, 'rule_name' | 'enabled' | 'created_at' | 'updated_at'>;

/** ClickSend runs at most this many matching rules per inbound message, in creation order (webhooks.md §4). */
export const MAX_RULES_PER_EVENT = 10;

/**
 * The rule group an event meets, or null when it has none: MMS receipts have no receipt-rule group at ClickSend
 * (no /automations/mms/receipts), so they fire nothing (they stay in the pull list).
 */
export function ruleKindOf(event: AutomationEvent): AutomationRuleKind | null {
  switch (event.type) {
    case 'sms.inbound':
      return 'sms_inbound';
    case 'fax.inbound':
      return 'fax_inbound';
    case 'receipt':
      switch (event.channel) {
        case 'sms':
          return 'sms_receipt';
        case 'voice':
          return 'voice_receipt';
        case 'fax':
          return 'fax_receipt';
        case 'email':
          return 'email_receipt';
        default:
          return null;
      }
  }
}

/** Digits only: a rule's dedicated number may be stored with or without '+' (or spaces); events carry E.164. */
const digits = (n: string) => n.replace(/\D/g, '');

function numberMatches(dedicated: string | null, to: string): boolean {
  const d = (dedicated ?? '*').trim();
  return d === '*' || d === '' || digits(d) === digits(to);
}

/**
 * message_search_type: 0 any, 1 starts with, 2 contains, 3 does not contain; the term compares ignoring case.
 * An empty term restricts nothing (every type matches): there is no text to look for or to exclude.
 */
function textMatches(type: number | null, term: string | null, body: string): boolean {
  const t = (term ?? '').toLowerCase();
  if (t === '' || !type) return true;
  const b = body.toLowerCase();
  switch (Number(type)) {
    case 1:
      return b.trimStart().startsWith(t);
    case 2:
      return b.includes(t);
    case 3:
      return !b.includes(t);
    default:
      return true;
  }
}

/** match_type: 0 all reports, 1 failed only, 2 successful only; 3 (in ClickSend's examples, undocumented) as 0. */
function receiptMatches(matchType: number | null, status: 'Delivered' | 'Undelivered'): boolean {
  switch (Number(matchType ?? 0)) {
    case 1:
      return status === 'Undelivered';
    case 2:
      return status === 'Delivered';
    default:
      return true;
  }
}

/** Whether one enabled rule of the event's group (and account) meets the event. */
export function ruleMatches(rule: FiringRule, event: AutomationEvent): boolean {
  switch (event.type) {
    case 'sms.inbound':
      return numberMatches(rule.dedicated_number, event.to) && textMatches(rule.message_search_type, rule.message_search_term, event.body);
    case 'fax.inbound':
      return numberMatches(rule.dedicated_number, event.to);
    case 'receipt':
      return receiptMatches(rule.match_type, event.status);
  }
}

/** The rules that fire for the event: the matching ones of its account, in creation order (rules come sorted by id), at most 10. */
export function matchingRules(rules: readonly FiringRule[], event: AutomationEvent): FiringRule[] {
  const out: FiringRule[] = [];
  for (const r of rules) {
    if (!ruleMatches(r, event)) continue;
    out.push(r);
    if (out.length === MAX_RULES_PER_EVENT) break;
  }
  return out;
}
