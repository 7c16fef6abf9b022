import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/index.js';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { ContactBody, ContactIdParams, ContactRecord, ContactsQuery, DeletedCount, ListIdParams, MoveParams, OptOutParams } from './contacts.schemas.js';
import type { ContactsService } from './contacts.service.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend answers a delete with an empty array in `data`.
const EmptyList = Type.Array(Type.Never());

/** /lists/{id}/contacts…: contacts inside a list. Subaccounts need access_contacts. */
export function contactsRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; contacts: ContactsService }) {
  const { contacts } = deps;
  const tags = ['Contacts'];
  const config = { access: 'contacts' as const };

  app.get(
    '/lists/:list_id/contacts',
    {
      config,
      schema: {
        operationId: 'contacts.list',
        tags,
        summary: 'Get the contacts of a list',
        params: ListIdParams,
        querystring: ContactsQuery,
        response: { 200: EnvelopeOf(PaginatedOf(ContactRecord)), ...errors },
      },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await contacts.page(authOf(req), req.params.list_id, page, req.query.updated_after);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your data.');
    },
  );

  app.post(
    '/lists/:list_id/contacts',
    { config, schema: { operationId: 'contacts.create', tags, summary: 'Add a contact to a list', params: ListIdParams, body: ContactBody, response: { 200: EnvelopeOf(ContactRecord), ...errors } } },
    async (req) => ok(await contacts.create(authOf(req), req.params.list_id, req.body), 'New contact has been created.'),
  );

  app.get(
    '/lists/:list_id/contacts/:contact_id',
    { config, schema: { operationId: 'contacts.get', tags, summary: 'Get a contact', params: ContactIdParams, response: { 200: EnvelopeOf(ContactRecord), ...errors } } },
    async (req) => ok(await contacts.get(authOf(req), req.params.list_id, req.params.contact_id), 'Here are your data.'),
  );

  app.put(
    '/lists/:list_id/contacts/:contact_id',
    {
      config,
      schema: {
        operationId: 'contacts.update',
        tags,
        summary: 'Update a contact (the fields given)',
        params: ContactIdParams,
        body: ContactBody,
        response: { 200: EnvelopeOf(ContactRecord), ...errors },
      },
    },
    async (req) => ok(await contacts.update(authOf(req), req.params.list_id, req.params.contact_id, req.body), `Contact #${req.params.contact_id} has been updated.`),
  );

  app.delete(
    '/lists/:list_id/contacts/:contact_id',
    { config, schema: { operationId: 'contacts.delete', tags, summary: 'Delete a contact', params: ContactIdParams, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      await contacts.remove(authOf(req), req.params.list_id, req.params.contact_id);
      return ok([], `Contact #${req.params.contact_id} has been deleted.`);
    },
  );

  app.put(
    '/lists/:from_list_id/contacts/:contact_id/copy/:to_list_id',
    { config, schema: { operationId: 'contacts.copy', tags, summary: 'Copy a contact to another list', params: MoveParams, response: { 200: EnvelopeOf(ContactRecord), ...errors } } },
    async (req) => {
      const { from_list_id, contact_id, to_list_id } = req.params;
      const copy = await contacts.copy(authOf(req), from_list_id, contact_id, to_list_id);
      // ClickSend documents no answer for a copy: worded like the transfer's.
      return ok(copy, `Contact #${contact_id} has been copied to List #${to_list_id}`);
    },
  );

  // The SDK's path, and the docs' one without "/transfer" (conventions.md §15): both move the contact.
  for (const [path, operationId] of [
    ['/lists/:from_list_id/contacts/:contact_id/transfer/:to_list_id', 'contacts.transfer'],
    ['/lists/:from_list_id/contacts/:contact_id/:to_list_id', 'contacts.transfer.docsPath'],
  ] as const) {
    app.put(path, { config, schema: { operationId, tags, summary: 'Move a contact to another list', params: MoveParams, response: { 200: EnvelopeOf(ContactRecord), ...errors } } }, async (req) => {
      const { from_list_id, contact_id, to_list_id } = req.params;
      const moved = await contacts.transfer(authOf(req), from_list_id, contact_id, to_list_id);
      // ClickSend's message has no final full stop.
      return ok(moved, `Contact #${contact_id} has been transferred to List #${to_list_id}`);
    });
  }

  app.put(
    '/lists/:list_id/remove-opted-out-contacts/:opt_out_list_id',
    {
      config,
      schema: {
        operationId: 'contacts.removeOptedOut',
        tags,
        summary: "Remove the list's contacts that are in the opt-out list",
        params: OptOutParams,
        response: { 200: EnvelopeOf(DeletedCount), ...errors },
      },
    },
    async (req) => ok(await contacts.removeOptedOut(authOf(req), req.params.list_id, req.params.opt_out_list_id), 'Optout contacts has been deleted.'),
  );
}
