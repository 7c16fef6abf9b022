import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/index.js';
import { authOf } from '../../core/auth/index.js';
import { ApiError, notFoundById } from '../../core/errors/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import type { MasterCatalogue, MasterTemplate } from './email-templates.masters.js';
import {
  CategoryIdParams,
  CategoryRecord,
  MasterTemplateRecord,
  MasterTemplateWithBody,
  NewTemplateBody,
  TemplateIdParams,
  UpdateTemplateBody,
  UserTemplateListItem,
  UserTemplateRecord,
} from './email-templates.schemas.js';
import type { EmailTemplatesService } from './email-templates.service.js';
import type { MasterThumbnails } from './email-templates.thumbnails.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend answers a template delete with an empty array in `data`.
const EmptyList = Type.Array(Type.Never());

export interface TemplateRouteDeps {
  config: Pick<Config, 'publicUrl' | 'emailTemplates'>;
  masters: MasterCatalogue;
  thumbnails: MasterThumbnails;
  templates: EmailTemplatesService;
}

/** page/limit applied to a catalogue list. */
function slice<T>(items: readonly T[], query: { page?: number | undefined; limit?: number | undefined }): T[] {
  const page = pageRequest(query);
  return items.slice(page.offset, page.offset + page.limit);
}

export function emailTemplatesRoutes(app: App, deps: TemplateRouteDeps) {
  const { masters, thumbnails, templates } = deps;
  const tags = ['Email Marketing'];
  const config = { access: 'email' as const };
  const master = (t: MasterTemplate) => ({ date_added: t.dateAdded, template_id_master: t.templateIdMaster, template_name: t.templateName, thumbnail: thumbnails.links(t) });

  // ClickSend quirk: the master "list" endpoints take page/limit but answer a plain array in `data`, not a paginated block.
  app.get(
    '/email/master-templates',
    {
      config,
      schema: {
        operationId: 'email.masterTemplates.list',
        tags,
        summary: 'Get all master email templates',
        querystring: PageQuery,
        response: { 200: EnvelopeOf(Type.Array(MasterTemplateRecord)), ...errors },
      },
    },
    async (req) => {
      await thumbnails.ensure();
      return ok(slice(masters.templates, req.query).map(master), 'List of Email Master Templates');
    },
  );

  app.get(
    '/email/master-templates/:template_id',
    {
      config,
      schema: { operationId: 'email.masterTemplates.get', tags, summary: 'Get a specific master template', params: TemplateIdParams, response: { 200: EnvelopeOf(MasterTemplateRecord), ...errors } },
    },
    async (req) => {
      const t = masters.template(req.params.template_id);
      if (!t) throw notFoundById('Master template', req.params.template_id);
      await thumbnails.ensure();
      return ok(master(t), 'Here is your email template');
    },
  );

  app.get(
    '/email/master-templates-categories',
    {
      config,
      schema: {
        operationId: 'email.masterTemplates.categories',
        tags,
        summary: 'Get all master template categories',
        querystring: PageQuery,
        response: { 200: EnvelopeOf(Type.Array(CategoryRecord)), ...errors },
      },
    },
    async (req) =>
      ok(
        slice(masters.categories, req.query).map((c) => ({ category_id: c.categoryId, name: c.name })),
        'List of Email Categories',
      ),
  );

  app.get(
    '/email/master-templates-categories/:category_id',
    {
      config,
      schema: {
        operationId: 'email.masterTemplates.category',
        tags,
        summary: 'Get a specific email template category',
        params: CategoryIdParams,
        response: { 200: EnvelopeOf(CategoryRecord), ...errors },
      },
    },
    async (req) => {
      const c = masters.category(req.params.category_id);
      if (!c) throw notFoundById('Template category', req.params.category_id);
      // ClickSend's message for one category is the list's.
      return ok({ category_id: c.categoryId, name: c.name }, 'List of Email Categories');
    },
  );

  app.get(
    '/email/master-templates-categories/:category_id/master-templates',
    {
      config,
      schema: {
        operationId: 'email.masterTemplates.inCategory',
        tags,
        summary: 'Get all master templates of a category',
        params: CategoryIdParams,
        querystring: PageQuery,
        response: { 200: EnvelopeOf(Type.Array(MasterTemplateWithBody)), ...errors },
      },
    },
    async (req) => {
      if (!masters.category(req.params.category_id)) throw notFoundById('Template category', req.params.category_id);
      await thumbnails.ensure();
      const items = slice(masters.inCategory(req.params.category_id), req.query).map((t) => ({ body: t.body, category_id: t.categoryId, ...master(t) }));
      return ok(items, 'List of Email Templates By Category');
    },
  );

  app.get(
    '/email/templates',
    {
      config,
      schema: {
        operationId: 'email.templates.list',
        tags,
        summary: 'Get all user email templates',
        querystring: PageQuery,
        response: { 200: EnvelopeOf(PaginatedOf(UserTemplateListItem)), ...errors },
      },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await templates.list(authOf(req), page);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your email templates.');
    },
  );

  app.post(
    '/email/templates',
    {
      config,
      schema: {
        operationId: 'email.templates.create',
        tags,
        summary: 'Create a user template from a master template',
        body: NewTemplateBody,
        response: { 200: EnvelopeOf(UserTemplateRecord), ...errors },
      },
    },
    async (req) => ok(await templates.create(authOf(req), req.body), 'New email template has been saved.'),
  );

  app.get(
    '/email/templates/:template_id',
    { config, schema: { operationId: 'email.templates.get', tags, summary: 'Get a specific user template', params: TemplateIdParams, response: { 200: EnvelopeOf(UserTemplateRecord), ...errors } } },
    async (req) => ok(await templates.get(authOf(req), req.params.template_id), 'Here is your email template.'),
  );

  // A body as large as EMAIL_TEMPLATE_MAX_BYTES, JSON-escaped (quotes and newlines double), plus the name around it.
  const bodyLimit = deps.config.emailTemplates.maxBodyBytes * 2 + 64 * 1024;
  app.put(
    '/email/templates/:template_id',
    {
      config,
      bodyLimit,
      schema: {
        operationId: 'email.templates.update',
        tags,
        summary: 'Update a user template',
        params: TemplateIdParams,
        body: UpdateTemplateBody,
        response: { 200: EnvelopeOf(UserTemplateRecord), ...errors },
      },
      errorHandler: (err, _req, _reply) => {
        if ((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          throw new ApiError(
            'PAYLOAD_TOO_LARGE',
            `The request body is over ${bodyLimit} bytes; a template body is at most ${deps.config.emailTemplates.maxBodyBytes} bytes (EMAIL_TEMPLATE_MAX_BYTES).`,
          );
        }
        throw err;
      },
    },
    async (req) => ok(await templates.update(authOf(req), req.params.template_id, req.body), 'Your email template has been updated.'),
  );

  app.delete(
    '/email/templates/:template_id',
    { config, schema: { operationId: 'email.templates.delete', tags, summary: 'Delete a user template', params: TemplateIdParams, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      await templates.remove(authOf(req), req.params.template_id);
      return ok([], 'Your email template has been deleted.');
    },
  );
}
