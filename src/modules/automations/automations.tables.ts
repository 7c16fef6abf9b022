import type { Generated, Insertable, Selectable } from 'kysely';
import type { AutomationRuleKind } from '../../core/messaging/index.js';

/**
 * Automation rules of the six groups (migrations/0020). Written only by the automations module's rule
 * routes; firing reads them. Times are unix seconds.
 */
export interface AutomationRulesTable {
  id: Generated<number>;
  account_id: number;
  kind: AutomationRuleKind;
  rule_name: string;
  /** Inbound groups: the number listened on, '*' for any; null for receipt groups. */
  dedicated_number: string | null;
  /** sms_inbound: 0 any, 1 starts with, 2 contains, 3 does not contain. */
  message_search_type: number | null;
  message_search_term: string | null;
  /** Receipt groups: 0 all, 1 failed only, 2 successful only. */
  match_type: number | null;
  /** AUTO_REPLY, EMAIL_USER, EMAIL_FIXED, URL, SMS, POLL, GROUP_SMS, MOVE_CONTACT, CREATE_CONTACT…, SMPP, NONE, NOTHING. */
  action: string;
  action_address: string;
  /** AUTO_REPLY's text; null when not given. */
  body: string | null;
  /** sms_inbound URL rules: post, get or json; null elsewhere. */
  webhook_type: string | null;
  /** 0/1. */
  enabled: number;
  created_at: number;
  updated_at: number;
}

export type AutomationRuleRow = Selectable<AutomationRulesTable>;
export type NewAutomationRule = Insertable<AutomationRulesTable>;

declare module '../../core/db/types.js' {
  interface Database {
    automation_rules: AutomationRulesTable;
  }
}
