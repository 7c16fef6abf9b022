import type { Generated, Insertable, Selectable } from 'kysely';
import type { DispatchColumns } from '../../../core/dispatch/index.js';
import type { AutomationRuleKind } from '../../../core/messaging/index.js';

/**
 * Rule actions waiting to run or done (migrations/0022): written by firing (one row per event and matching rule
 * whose action is neither a webhook nor nothing), claimed and run by the actions queue (../actions). Times are unix
 * seconds.
 */
export interface AutomationActionsTable extends DispatchColumns {
  id: Generated<number>;
  account_id: number;
  rule_kind: AutomationRuleKind;
  rule_id: number;
  /** AUTO_REPLY, SMS, EMAIL_USER, EMAIL_FIXED, MOVE_CONTACT, CREATE_CONTACT…, GROUP_SMS (or anything stored: it fails with a reason). */
  action: string;
  action_address: string;
  /** The rule's body when it fired; null when none. */
  rule_body: string | null;
  /** The term of a "starts with" inbound rule; null otherwise. */
  rule_keyword: string | null;
  /** The AutomationEvent, JSON. */
  event: string;
  created_at: number;
  /** JSON of what the action did, written in the transaction of its effect; null until then. */
  result: string | null;
  /** GROUP_SMS: the last contact id sent to. */
  progress: Generated<number>;
  finished_at: number | null;
}

export type AutomationActionRow = Selectable<AutomationActionsTable>;
export type NewAutomationAction = Insertable<AutomationActionsTable>;

declare module '../../../core/db/types.js' {
  interface Database {
    automation_actions: AutomationActionsTable;
  }
}
