import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import type { Config } from '../../config/index.js';
import { searchQueryProperties } from '../../core/search/index.js';
import { RETURN_ADDRESSES_SEARCH } from './return-addresses.search.js';
import { NewReturnAddressBody, ReturnAddressIdParams, ReturnAddressRecord, UpdateReturnAddressBody } from './return-addresses.schemas.js';
import type { ReturnAddressesService } from './return-addresses.service.js';

const errors = { '4xx': ErrorEnvelope };
const ListQuery = Type.Object({ ...PageQuery.properties, ...searchQueryProperties(RETURN_ADDRESSES_SEARCH) });

export function returnAddressesRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; returnAddresses: ReturnAddressesService }) {
  const svc = deps.returnAddresses;
  const tags = ['Post Return Addresses'];
  // ClickSend's subaccount flag for everything post.
  const config = { access: 'post' as const };
  const one = EnvelopeOf(ReturnAddressRecord);

  app.get(
    '/post/return-addresses',
    {
      config,
      schema: { operationId: 'returnAddresses.list', tags, summary: 'List return addresses', querystring: ListQuery, response: { 200: EnvelopeOf(PaginatedOf(ReturnAddressRecord)), ...errors } },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await svc.list(authOf(req).accountId, page, req.query);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your records.');
    },
  );

  app.post(
    '/post/return-addresses',
    { config, schema: { operationId: 'returnAddresses.create', tags, summary: 'Create a return address', body: NewReturnAddressBody, response: { 200: one, ...errors } } },
    async (req) => ok(await svc.create(authOf(req).accountId, req.body), 'New return address has been added.'),
  );

  app.get(
    '/post/return-addresses/:return_address_id',
    { config, schema: { operationId: 'returnAddresses.get', tags, summary: 'Get a return address', params: ReturnAddressIdParams, response: { 200: one, ...errors } } },
    async (req) => ok(await svc.get(authOf(req).accountId, req.params.return_address_id), 'Here is your data.'),
  );

  app.put(
    '/post/return-addresses/:return_address_id',
    {
      config,
      schema: { operationId: 'returnAddresses.update', tags, summary: 'Update a return address', params: ReturnAddressIdParams, body: UpdateReturnAddressBody, response: { 200: one, ...errors } },
    },
    async (req) => ok(await svc.update(authOf(req).accountId, req.params.return_address_id, req.body), 'Your return address has been updated.'),
  );

  app.delete(
    '/post/return-addresses/:return_address_id',
    {
      config,
      schema: { operationId: 'returnAddresses.delete', tags, summary: 'Delete a return address', params: ReturnAddressIdParams, response: { 200: EnvelopeOf(Type.Array(Type.Never())), ...errors } },
    },
    async (req) => {
      await svc.remove(authOf(req).accountId, req.params.return_address_id);
      // ClickSend answers a deleted return address with an empty array in `data`.
      return ok([], 'Your return address has been deleted.');
    },
  );
}
