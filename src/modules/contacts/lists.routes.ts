import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/index.js';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { searchQueryProperties } from '../../core/search/index.js';
import { DeletedCount, DuplicatesBody, ExportQuery, ListBody, ListIdParams, ListRecord } from './contacts.schemas.js';
import type { ContactsExport } from './contacts.export.js';
import type { ContactsService } from './contacts.service.js';
import { LISTS_SEARCH } from './lists.search.js';
import type { ListsService } from './lists.service.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend answers a delete with an empty array in `data`.
const EmptyList = Type.Array(Type.Never());
const ListsQuery = Type.Object({
  ...PageQuery.properties,
  ...searchQueryProperties(LISTS_SEARCH),
});

/** /lists and the list-wide operations. Subaccounts need access_contacts. */
export function listsRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; lists: ListsService; contacts: ContactsService; exporter: ContactsExport }) {
  const { lists, contacts } = deps;
  const tags = ['Contact Lists'];
  const config = { access: 'contacts' as const };

  app.get(
    '/lists',
    { config, schema: { operationId: 'lists.list', tags, summary: 'Get all contact lists', querystring: ListsQuery, response: { 200: EnvelopeOf(PaginatedOf(ListRecord)), ...errors } } },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await lists.list(authOf(req), page, req.query);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your data.');
    },
  );

  app.post('/lists', { config, schema: { operationId: 'lists.create', tags, summary: 'Create a contact list', body: ListBody, response: { 200: EnvelopeOf(ListRecord), ...errors } } }, async (req) =>
    ok(await lists.create(authOf(req), req.body), 'New list has been created.'),
  );

  app.get(
    '/lists/:list_id',
    { config, schema: { operationId: 'lists.get', tags, summary: 'Get a contact list', params: ListIdParams, response: { 200: EnvelopeOf(ListRecord), ...errors } } },
    async (req) => ok(await lists.get(authOf(req), req.params.list_id), 'Here are your data.'),
  );

  app.put(
    '/lists/:list_id',
    {
      config,
      schema: {
        operationId: 'lists.update',
        tags,
        summary: 'Rename a contact list (and mark it an opt-out list or not)',
        params: ListIdParams,
        body: ListBody,
        response: { 200: EnvelopeOf(ListRecord), ...errors },
      },
    },
    async (req) => ok(await lists.update(authOf(req), req.params.list_id, req.body), `List #${req.params.list_id} has been updated.`),
  );

  app.delete(
    '/lists/:list_id',
    { config, schema: { operationId: 'lists.delete', tags, summary: 'Delete a contact list and its contacts', params: ListIdParams, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      await lists.remove(authOf(req), req.params.list_id);
      return ok([], `List #${req.params.list_id} has been deleted.`);
    },
  );

  app.put(
    '/lists/:list_id/remove-duplicates',
    {
      config,
      schema: {
        operationId: 'lists.removeDuplicates',
        tags,
        summary: 'Remove duplicate contacts (same phone, e-mail or fax by default; the oldest stays)',
        params: ListIdParams,
        // No body at all compares the default fields.
        body: Type.Union([DuplicatesBody, Type.Null()]),
        response: { 200: EnvelopeOf(DeletedCount), ...errors },
      },
    },
    async (req) => ok(await contacts.removeDuplicates(authOf(req), req.params.list_id, req.body ?? undefined), 'Your list duplicate contacts has been deleted.'),
  );

  app.get(
    '/lists/:list_id/export',
    {
      config,
      schema: {
        operationId: 'lists.export',
        tags,
        summary: 'Export the contacts of a list as CSV',
        params: ListIdParams,
        querystring: ExportQuery,
        response: { 200: EnvelopeOf(Type.Object({ url: Type.String() })), ...errors },
      },
    },
    async (req) => ok(await deps.exporter.export(authOf(req), req.params.list_id, req.query.filename), 'Download your file here.'),
  );
}
