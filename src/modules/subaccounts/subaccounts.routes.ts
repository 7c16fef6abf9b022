import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { SubaccountRecord } from '../accounts/index.js';
import type { Config } from '../../config/index.js';
import { searchQueryProperties } from '../../core/search/index.js';
import { SUBACCOUNTS_SEARCH } from './subaccounts.search.js';
import { NewSubaccountBody, SubaccountIdParams, UpdateSubaccountBody } from './subaccounts.schemas.js';
import type { SubaccountsService } from './subaccounts.service.js';

const errors = { '4xx': ErrorEnvelope };
const ListQuery = Type.Object({ ...PageQuery.properties, ...searchQueryProperties(SUBACCOUNTS_SEARCH) });

export function subaccountsRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; subaccounts: SubaccountsService }) {
  const subs = deps.subaccounts;
  const tags = ['Subaccounts'];
  // Managing subaccounts needs access_users (ClickSend's permission for user management).
  const config = { access: 'users' as const };

  app.get(
    '/subaccounts',
    { config, schema: { operationId: 'subaccounts.list', tags, summary: 'Get all subaccounts', querystring: ListQuery, response: { 200: EnvelopeOf(PaginatedOf(SubaccountRecord)), ...errors } } },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await subs.list(authOf(req), page, req.query);
      // ClickSend's response_msg for this list is literally "SUCCESS".
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'SUCCESS');
    },
  );

  app.post(
    '/subaccounts',
    { config, schema: { operationId: 'subaccounts.create', tags, summary: 'Create a new subaccount', body: NewSubaccountBody, response: { 200: EnvelopeOf(SubaccountRecord), ...errors } } },
    async (req) => ok(await subs.create(authOf(req), req.body), 'New account has been created.'),
  );

  app.get(
    '/subaccounts/:subaccount_id',
    { config, schema: { operationId: 'subaccounts.get', tags, summary: 'Get a specific subaccount', params: SubaccountIdParams, response: { 200: EnvelopeOf(SubaccountRecord), ...errors } } },
    async (req) => ok(await subs.get(authOf(req), req.params.subaccount_id), 'Here are your data.'),
  );

  app.put(
    '/subaccounts/:subaccount_id',
    {
      config,
      schema: {
        operationId: 'subaccounts.update',
        tags,
        summary: 'Update a specific subaccount',
        params: SubaccountIdParams,
        body: UpdateSubaccountBody,
        response: { 200: EnvelopeOf(SubaccountRecord), ...errors },
      },
    },
    async (req) => ok(await subs.update(authOf(req), req.params.subaccount_id, req.body), `Subaccount #${req.params.subaccount_id} has been updated.`),
  );

  app.delete(
    '/subaccounts/:subaccount_id',
    { config, schema: { operationId: 'subaccounts.delete', tags, summary: 'Delete a specific subaccount', params: SubaccountIdParams, response: { 200: EnvelopeOf(Type.Boolean()), ...errors } } },
    async (req) => {
      await subs.remove(authOf(req), req.params.subaccount_id);
      // ClickSend answers a delete with `data: true` and no trailing full stop.
      return ok(true, `Subaccount #${req.params.subaccount_id} has been deleted`);
    },
  );

  app.put(
    '/subaccounts/:subaccount_id/regen-api-key',
    {
      config,
      schema: {
        operationId: 'subaccounts.regenApiKey',
        tags,
        summary: 'Regenerate API key',
        params: SubaccountIdParams,
        response: { 200: EnvelopeOf(Type.Object({ api_key: Type.String() })), ...errors },
      },
    },
    async (req) => ok(await subs.regenerateKey(authOf(req), req.params.subaccount_id), 'Your API Key has been regenerated.'),
  );
}
