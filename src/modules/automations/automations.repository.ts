import type { Db } from '../../core/db/index.js';
import type { AutomationRuleKind } from '../../core/messaging/index.js';
import { searchPage, type Search } from '../../core/search/index.js';
import type { AutomationRuleRow, NewAutomationRule } from './automations.tables.js';
import './automations.tables.js';

export type RuleColumns = Omit<NewAutomationRule, 'id' | 'account_id' | 'kind' | 'created_at'>;

/**
 * Automation rule SQL, always scoped by account and group: another account's rule, or a rule of another group,
 * is simply not found.
 */
export class AutomationRulesRepository {
  constructor(private readonly db: Db) {}

  page(accountId: number, kind: AutomationRuleKind, search: Search, limit: number, offset: number): Promise<{ rows: AutomationRuleRow[]; total: number }> {
    return searchPage<AutomationRuleRow>(() => this.db.selectFrom('automation_rules').where('account_id', '=', accountId).where('kind', '=', kind), search, limit, offset);
  }

  find(accountId: number, kind: AutomationRuleKind, id: number): Promise<AutomationRuleRow | undefined> {
    return this.db.selectFrom('automation_rules').selectAll().where('account_id', '=', accountId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
  }

  /** How many rules the account has in this group (the (account_id, kind, id) index). */
  async count(accountId: number, kind: AutomationRuleKind): Promise<number> {
    const r = await this.db
      .selectFrom('automation_rules')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  insert(values: NewAutomationRule): Promise<AutomationRuleRow> {
    return this.db.insertInto('automation_rules').values(values).returningAll().executeTakeFirstOrThrow();
  }

  update(accountId: number, kind: AutomationRuleKind, id: number, changes: RuleColumns): Promise<AutomationRuleRow | undefined> {
    return this.db.updateTable('automation_rules').set(changes).where('account_id', '=', accountId).where('kind', '=', kind).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async delete(accountId: number, kind: AutomationRuleKind, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('automation_rules').where('account_id', '=', accountId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
