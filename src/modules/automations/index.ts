import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { ContactListPort } from '../../core/messaging/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { AccountsRepository } from '../accounts/index.js';
import { automationsRoutes } from './automations.routes.js';
import { AutomationRulesService } from './automations.service.js';

export { AutomationRulesService, presentRule } from './automations.service.js';
export { RULE_GROUPS, type RuleGroup, type RuleShape } from './automations.groups.js';
export { RULE_ACTIONS, type RuleAction } from './automations.schemas.js';
export type { AutomationRuleRow, AutomationRulesTable, NewAutomationRule } from './automations.tables.js';

/**
 * Automation rules (/automations/sms/inbound, /automations/{sms,email,voice,fax}/receipts, /automations/fax/inbound):
 * the rules' CRUD. Firing (automations/firing) reads the automation_rules table itself.
 */
export function automationsModule(d: { db: Db; clock: Clock; config: Config; credentials: AccountsRepository; contactLists: ContactListPort }): Module<{ automationRules: AutomationRulesService }> {
  const rules = new AutomationRulesService(d.db, d.clock, {
    contactLists: d.contactLists,
    accountCountry: async (id) => (await d.credentials.findAccount(id))?.country,
    allowPrivateUrls: d.config.allowPrivateUrls,
  });
  return { name: 'automations', provides: { automationRules: rules }, routes: (app) => automationsRoutes(app, { config: d.config, rules }) };
}
