import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError, notFoundById } from '../../core/errors/index.js';
import { RecipientParser, type ContactListPort } from '../../core/messaging/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { compileSearch, type SearchParams } from '../../core/search/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { phoneE164 } from '../contacts/index.js';
import type { RuleGroup } from './automations.groups.js';
import { AutomationRulesRepository } from './automations.repository.js';
import type { RuleInput, RuleRecord } from './automations.schemas.js';
import { ruleSearchSpec } from './automations.search.js';
import type { AutomationRuleRow } from './automations.tables.js';
import { checkRule, type CheckContext } from './rule-checks.js';

/** A row as its group's documented record. */
export function presentRule(group: RuleGroup, row: AutomationRuleRow): RuleRecord {
  const common = { action: row.action, action_address: row.action_address, enabled: row.enabled };
  if (group.shape === 'receipt') return { ...common, match_type: row.match_type ?? 0, receipt_rule_id: row.id, rule_name: row.rule_name };
  if (group.shape === 'fax_inbound') {
    // user_id is the account's id, as in the other records that print it (letters, postcards).
    return { ...common, dedicated_number: row.dedicated_number ?? '*', inbound_rule_id: row.id, rule_name: row.rule_name, user_id: row.account_id };
  }
  return {
    ...common,
    body: row.body,
    dedicated_number: row.dedicated_number ?? '*',
    inbound_rule_id: row.id,
    message_search_term: row.message_search_term,
    message_search_type: row.message_search_type ?? 0,
    rule_name: row.rule_name,
    _webhook_type: row.webhook_type,
  };
}

/** A stored rule's fields as input, for a PUT to lay its own fields over. */
function inputOf(row: AutomationRuleRow): RuleInput {
  const nn = <T>(v: T | null) => (v === null ? undefined : v);
  return {
    rule_name: row.rule_name,
    action: row.action,
    action_address: row.action_address,
    enabled: row.enabled,
    match_type: nn(row.match_type),
    dedicated_number: nn(row.dedicated_number),
    message_search_type: nn(row.message_search_type),
    message_search_term: nn(row.message_search_term),
    body: nn(row.body),
    webhook_type: nn(row.webhook_type),
  };
}

/** Account settings the checks read: the country local numbers are read in. */
export type AccountCountry = (accountId: number) => Promise<string | undefined>;

/**
 * The six /automations/... groups: CRUD of automation_rules rows of one kind, each checked whole (action, its
 * address, the group's own fields) on create and after every PUT. Rules belong to the account; the routes let
 * the main account and subaccounts with access_settings in.
 */
/**
 * Rules one account may keep in one group. Every event reads all of its account's enabled rules of the group inside the
 * event's transaction (the receipt sweep's is shared by every account), so 100,000 rules held the write lock for 0.5 s
 * per event; ten match per event at most, and a thousand is far beyond any real set of rules.
 */
export const MAX_RULES_PER_GROUP = 1000;

export class AutomationRulesService {
  private readonly repo: AutomationRulesRepository;
  private readonly phones = new RecipientParser(10_000);

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly deps: { contactLists: ContactListPort; accountCountry: AccountCountry; allowPrivateUrls: boolean },
  ) {
    this.repo = new AutomationRulesRepository(db);
  }

  async list(auth: AuthContext, group: RuleGroup, page: PageRequest, query: SearchParams = {}) {
    const { rows, total } = await this.repo.page(auth.accountId, group.kind, compileSearch(ruleSearchSpec(group), query), page.limit, page.offset);
    return { items: rows.map((r) => presentRule(group, r)), total };
  }

  async get(auth: AuthContext, group: RuleGroup, id: number) {
    const row = await this.repo.find(auth.accountId, group.kind, id);
    if (!row) throw notFoundById(group.noun, id);
    return presentRule(group, row);
  }

  async create(auth: AuthContext, group: RuleGroup, input: RuleInput) {
    const checked = await checkRule(group.shape, input, this.context(auth.accountId));
    if ((await this.repo.count(auth.accountId, group.kind)) >= MAX_RULES_PER_GROUP) {
      throw ApiError.badRequest(`You have ${MAX_RULES_PER_GROUP} ${group.noun}s, the most an account may keep in this group; delete one before adding another.`);
    }
    const now = unixSeconds(this.clock);
    const row = await this.repo.insert({ account_id: auth.accountId, kind: group.kind, ...checked, created_at: now, updated_at: now });
    return presentRule(group, row);
  }

  /** Fields not given keep their values; the rule they make together is checked as on create. */
  async update(auth: AuthContext, group: RuleGroup, id: number, input: RuleInput) {
    const current = await this.repo.find(auth.accountId, group.kind, id);
    if (!current) throw notFoundById(group.noun, id);
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const checked = await checkRule(group.shape, { ...inputOf(current), ...given }, this.context(auth.accountId));
    const row = await this.repo.update(auth.accountId, group.kind, id, { ...checked, updated_at: unixSeconds(this.clock) });
    if (!row) throw notFoundById(group.noun, id); // deleted meanwhile
    return presentRule(group, row);
  }

  async remove(auth: AuthContext, group: RuleGroup, id: number) {
    if (!(await this.repo.delete(auth.accountId, group.kind, id))) throw notFoundById(group.noun, id);
  }

  private context(accountId: number): CheckContext {
    let country: Promise<string> | undefined;
    const readIn = () => (country ??= this.deps.accountCountry(accountId).then((c) => c ?? 'AU'));
    return {
      phone: async (value) => {
        const c = await readIn();
        // The parser knows the documented test numbers (+14055555555 is not a valid US number to libphonenumber);
        // phoneE164 also reads an international number typed without its + (61411111111).
        return this.phones.parse(value, c)?.e164 ?? phoneE164(value, c);
      },
      hasList: async (listId) => (await this.deps.contactLists.count(accountId, listId)) !== null,
      allowPrivateUrls: this.deps.allowPrivateUrls,
    };
  }
}
