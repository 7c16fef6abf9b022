import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { searchQueryProperties } from '../../core/search/index.js';
import type { Config } from '../../config/index.js';
import { RULE_GROUPS, type DeletedData, type RuleGroup } from './automations.groups.js';
import { RuleCreateBody, RuleRecordOf, RuleUpdateBody, ruleIdParams, type RuleInput } from './automations.schemas.js';
import { ruleSearchSpec } from './automations.search.js';
import type { AutomationRulesService } from './automations.service.js';

const errors = { '4xx': ErrorEnvelope };
// Rules are account settings: the main account always, a subaccount with access_settings.
const config = { access: 'settings' as const };

function deletedSchema(data: DeletedData) {
  if (data === null) return Type.Null();
  if (data === true) return Type.Literal(true);
  return Type.Array(Type.Never());
}

/** The five routes of one group, at `path` (the documented one, or a hidden alias with its own operation ids). */
function groupRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; rules: AutomationRulesService }, group: RuleGroup, path: string, alias: boolean) {
  const { rules } = deps;
  const op = (name: string) => `${group.operation}.${name}${alias ? '.alias' : ''}`;
  const base = { tags: [group.tag], ...(alias ? { hide: true } : {}) };
  const Record = RuleRecordOf[group.shape];
  const Params = ruleIdParams(group);
  const ListQuery = Type.Object({ ...PageQuery.properties, ...searchQueryProperties(ruleSearchSpec(group)) });
  const idOf = (params: unknown) => (params as Record<string, number>)[group.idName]!;
  const one = `${path}/:${group.idName}`;

  app.get(path, { config, schema: { ...base, operationId: op('list'), summary: 'List rules', querystring: ListQuery, response: { 200: EnvelopeOf(PaginatedOf(Record)), ...errors } } }, async (req) => {
    const page = pageRequest(req.query);
    const { items, total } = await rules.list(authOf(req), group, page, req.query);
    return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), group.messages.list);
  });

  app.post(
    path,
    { config, schema: { ...base, operationId: op('create'), summary: 'Create a rule', body: RuleCreateBody[group.shape], response: { 200: EnvelopeOf(Record), ...errors } } },
    async (req) => ok(await rules.create(authOf(req), group, req.body as RuleInput), group.messages.create),
  );

  app.get(one, { config, schema: { ...base, operationId: op('get'), summary: 'Get a rule', params: Params, response: { 200: EnvelopeOf(Record), ...errors } } }, async (req) =>
    ok(await rules.get(authOf(req), group, idOf(req.params)), group.messages.get),
  );

  app.put(
    one,
    {
      config,
      schema: {
        ...base,
        operationId: op('update'),
        summary: 'Update a rule (fields not given keep their values)',
        params: Params,
        body: RuleUpdateBody[group.shape],
        response: { 200: EnvelopeOf(Record), ...errors },
      },
    },
    async (req) => ok(await rules.update(authOf(req), group, idOf(req.params), (req.body ?? {}) as RuleInput), group.messages.update),
  );

  app.delete(
    one,
    { config, schema: { ...base, operationId: op('delete'), summary: 'Delete a rule', params: Params, response: { 200: EnvelopeOf(deletedSchema(group.deleted)), ...errors } } },
    async (req) => {
      await rules.remove(authOf(req), group, idOf(req.params));
      return ok(group.deleted, group.messages.delete);
    },
  );
}

/** GET, POST /automations/{group} and GET, PUT, DELETE /automations/{group}/{id} for the six groups. */
export function automationsRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; rules: AutomationRulesService }) {
  for (const group of RULE_GROUPS) {
    groupRoutes(app, deps, group, group.path, false);
    if (group.aliasPath) groupRoutes(app, deps, group, group.aliasPath, true);
  }
}
