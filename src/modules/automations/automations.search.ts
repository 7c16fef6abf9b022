import { contains, iequal, integer, phone, type FieldMatcher, type SearchSpec } from '../../core/search/index.js';
import type { RuleGroup, RuleShape } from './automations.groups.js';
import type { AutomationRulesTable } from './automations.tables.js';

type Column = keyof AutomationRulesTable & string;

/**
 * GET /automations/...: q= / order_by= on the record's own fields (q=rule_name:opt,action:url). Names, addresses,
 * terms and bodies match a part, ignoring case; the action its whole name in any case; numbers exactly.
 */
function spec(shape: RuleShape, idName: string): SearchSpec<Column> {
  const common = {
    [idName]: integer<Column>('id'),
    rule_name: contains<Column>('rule_name'),
    action: iequal<Column>('action'),
    action_address: contains<Column>('action_address'),
    enabled: integer<Column>('enabled'),
  };
  const own: Record<string, FieldMatcher<Column>> = shape === 'receipt'
    ? { match_type: integer<Column>('match_type') }
    : shape === 'sms_inbound'
      ? {
          dedicated_number: phone<Column>('dedicated_number'),
          message_search_type: integer<Column>('message_search_type'),
          message_search_term: contains<Column>('message_search_term'),
          body: contains<Column>('body'),
        }
      : { dedicated_number: phone<Column>('dedicated_number') };
  return {
    fields: { ...common, ...own },
    sort: { [idName]: 'id', rule_name: 'rule_name', action: 'action', enabled: 'enabled', ...(shape === 'receipt' ? {} : { dedicated_number: 'dedicated_number' }) },
    // In creation order: the order rules are evaluated in.
    defaultOrder: [{ column: 'id', direction: 'asc' }],
    tieBreaker: 'id',
  };
}

const specs = new Map<string, SearchSpec<Column>>();

/** The search spec of a group's list (built once per group). */
export function ruleSearchSpec(group: RuleGroup): SearchSpec<Column> {
  let s = specs.get(group.kind);
  if (!s) {
    s = spec(group.shape, group.idName);
    specs.set(group.kind, s);
  }
  return s;
}
