import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/index.js';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { ContactRecord } from './contacts.schemas.js';
import { SUGGESTIONS_DEFAULT, SUGGESTIONS_MAX, type ContactSearch } from './contacts.search.js';

const errors = { '4xx': ErrorEnvelope };
const Q = Type.String({ maxLength: 200, description: 'Start of a name, surname, e-mail or phone number (lists: part of the name).' });

const SearchItem = Type.Object({
  contact: Type.Union([Type.String(), Type.Null()]),
  contacts_count: Type.Union([Type.Integer(), Type.Null()]),
  id: Type.Integer(),
  name: Type.String(),
  type: Type.Union([Type.Literal('list'), Type.Literal('contact')]),
});

/** /search/contacts-lists and /contact-suggestions. Subaccounts need access_contacts. */
export function searchRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; search: ContactSearch }) {
  const { search } = deps;
  const config = { access: 'contacts' as const };

  app.get(
    '/search/contacts-lists',
    {
      config,
      schema: {
        operationId: 'search.contactsLists',
        tags: ['Search'],
        summary: 'Find lists by name and contacts by name, number or e-mail',
        querystring: Type.Object({ q: Q, ...PageQuery.properties }),
        response: { 200: EnvelopeOf(PaginatedOf(SearchItem)), ...errors },
      },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await search.search(authOf(req), req.query.q, page);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are some search result.');
    },
  );

  app.get(
    '/contact-suggestions',
    {
      config,
      schema: {
        operationId: 'contacts.suggestions',
        tags: ['Contact Suggestions'],
        summary: 'Contacts whose name, number or e-mail starts with q (a compose box)',
        querystring: Type.Object({
          q: Q,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SUGGESTIONS_MAX, description: `Additive: how many (default ${SUGGESTIONS_DEFAULT}, at most ${SUGGESTIONS_MAX}).` })),
        }),
        response: { 200: EnvelopeOf(Type.Array(ContactRecord)), ...errors },
      },
    },
    // A plain array in `data`, not a page, as ClickSend documents.
    async (req) => ok(await search.suggest(authOf(req), req.query.q, req.query.limit ?? SUGGESTIONS_DEFAULT), 'Here are your results.'),
  );
}
