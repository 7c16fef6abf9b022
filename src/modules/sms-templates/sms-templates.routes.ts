import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import type { Config } from '../../config/index.js';
import { searchQueryProperties } from '../../core/search/index.js';
import { SMS_TEMPLATES_SEARCH } from './sms-templates.search.js';
import { SmsTemplateBody, SmsTemplateRecord, TemplateIdParams } from './sms-templates.schemas.js';
import type { SmsTemplatesService } from './sms-templates.service.js';

const errors = { '4xx': ErrorEnvelope };
const ListQuery = Type.Object({ ...PageQuery.properties, ...searchQueryProperties(SMS_TEMPLATES_SEARCH) });
// ClickSend answers a template delete with an empty array in `data`.
const EmptyList = Type.Array(Type.Never());

export function smsTemplatesRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; smsTemplates: SmsTemplatesService }) {
  const templates = deps.smsTemplates;
  const tags = ['SMS Templates'];
  const config = { access: 'sms' as const };

  app.get(
    '/sms/templates',
    { config, schema: { operationId: 'sms.templates.list', tags, summary: 'List of templates', querystring: ListQuery, response: { 200: EnvelopeOf(PaginatedOf(SmsTemplateRecord)), ...errors } } },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await templates.list(authOf(req), page, req.query);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your data.');
    },
  );

  app.post(
    '/sms/templates',
    { config, schema: { operationId: 'sms.templates.create', tags, summary: 'Create a template', body: SmsTemplateBody, response: { 200: EnvelopeOf(SmsTemplateRecord), ...errors } } },
    async (req) => ok(await templates.create(authOf(req), req.body), 'New template has been saved.'),
  );

  app.put(
    '/sms/templates/:template_id',
    {
      config,
      schema: { operationId: 'sms.templates.update', tags, summary: 'Update a template', params: TemplateIdParams, body: SmsTemplateBody, response: { 200: EnvelopeOf(SmsTemplateRecord), ...errors } },
    },
    async (req) => ok(await templates.update(authOf(req), req.params.template_id, req.body), 'Your template has been updated.'),
  );

  app.delete(
    '/sms/templates/:template_id',
    { config, schema: { operationId: 'sms.templates.delete', tags, summary: 'Delete a template', params: TemplateIdParams, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      await templates.remove(authOf(req), req.params.template_id);
      return ok([], 'Your template has been deleted.');
    },
  );
}
