import type { Db } from '../../../core/db/index.js';
import type { AutomationPort, WebhookOutbox } from '../../../core/messaging/index.js';
import type { Module } from '../../../core/modules/index.js';
import type { Clock } from '../../../core/util/clock.js';
import { AutomationFiring } from './firing.js';

export { AutomationFiring, SENDING_ACTIONS } from './firing.js';
export { matchingRules, ruleMatches, ruleKindOf, MAX_RULES_PER_EVENT, type FiringRule } from './match.js';
export type { AutomationActionRow, NewAutomationAction } from './actions.tables.js';

/**
 * Makes automation rules fire: `automations` is the AutomationPort the channels (SMS inbound and receipts; voice,
 * fax and email when they land) call in the transaction that stores an event. URL rules become webhook deliveries
 * (the webhooks module's outbox); other actions become automation_actions rows, run by automationActionsModule.
 */
export function automationFiringModule(d: { db: Db; clock: Clock; webhooks?: WebhookOutbox }): Module<{ automations: AutomationPort }> {
  return {
    name: 'automation-firing',
    provides: { automations: new AutomationFiring(d.clock, d.webhooks) },
  };
}
