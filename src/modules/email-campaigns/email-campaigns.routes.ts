import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { lacksAccess } from '../../core/errors/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import {
  CampaignHistoryItem,
  CampaignIdParams,
  CampaignPriceResult,
  CampaignSendResult,
  EmailCampaignBody,
  EmailCampaignListItem,
  EmailCampaignRecord,
  HistoryRange,
} from './email-campaigns.schemas.js';
import type { EmailCampaignsService } from './email-campaigns.service.js';

const errors = { '4xx': ErrorEnvelope };

/** The eight campaign endpoints of "Email Marketing"; subaccounts need access_email. Messages as ClickSend words them. */
export function emailCampaignsRoutes(app: App, deps: { publicUrl: string; campaigns: EmailCampaignsService; bodyLimit: number }) {
  const { campaigns } = deps;
  const tags = ['Email Marketing'];
  const config = { access: 'email' as const };
  // A campaign body may be as large as a template's (the editor sends the template's HTML as body): not the 64 KiB default.
  const bodyLimit = deps.bodyLimit;

  app.get(
    '/email-campaigns',
    {
      config,
      schema: { operationId: 'email.campaigns.list', tags, summary: 'List email campaigns', querystring: PageQuery, response: { 200: EnvelopeOf(PaginatedOf(EmailCampaignListItem)), ...errors } },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await campaigns.list(authOf(req), page);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.publicUrl, req.url)), 'Here are your email campaigns');
    },
  );

  app.post(
    '/email-campaigns/price',
    {
      config,
      bodyLimit,
      schema: { operationId: 'email.campaigns.price', tags, summary: 'Price an email campaign', body: EmailCampaignBody, response: { 200: EnvelopeOf(CampaignPriceResult), ...errors } },
    },
    async (req) => ok(await campaigns.price(authOf(req), req.body), 'Total price for email campaign.'),
  );

  app.post(
    '/email-campaigns/send',
    {
      config: { ...config, requiresActiveAccount: true, idempotent: true },
      bodyLimit,
      schema: {
        operationId: 'email.campaigns.send',
        tags,
        summary: 'Create an email campaign to one contact list',
        body: EmailCampaignBody,
        response: { 200: EnvelopeOf(CampaignSendResult), ...errors },
      },
    },
    async (req) => ok(await campaigns.create(authOf(req), req.body), 'Email campaign has been created.'),
  );

  app.get(
    '/email-campaigns/:email_campaign_id',
    { config, schema: { operationId: 'email.campaigns.get', tags, summary: 'Get an email campaign', params: CampaignIdParams, response: { 200: EnvelopeOf(EmailCampaignRecord), ...errors } } },
    async (req) => ok(await campaigns.get(authOf(req), req.params.email_campaign_id), 'Here is your email campaign.'),
  );

  app.put(
    '/email-campaigns/:email_campaign_id',
    {
      config,
      bodyLimit,
      schema: {
        operationId: 'email.campaigns.update',
        tags,
        summary: 'Update an email campaign that has not started',
        params: CampaignIdParams,
        body: EmailCampaignBody,
        response: { 200: EnvelopeOf(EmailCampaignRecord), ...errors },
      },
    },
    async (req) => ok(await campaigns.update(authOf(req), req.params.email_campaign_id, req.body), 'Email campaign has been updated.'),
  );

  app.put(
    '/email-campaigns/:email_campaign_id/cancel',
    {
      config,
      schema: {
        operationId: 'email.campaigns.cancel',
        tags,
        summary: 'Cancel an email campaign and refund what was not sent',
        params: CampaignIdParams,
        response: { 200: EnvelopeOf(EmailCampaignRecord), ...errors },
      },
    },
    async (req) => ok(await campaigns.cancel(authOf(req), req.params.email_campaign_id), 'Email campaign has been cancelled.'),
  );

  app.get(
    '/email-campaigns/:email_campaign_id/history',
    {
      config,
      schema: {
        operationId: 'email.campaigns.history',
        tags,
        summary: 'Per-recipient history of an email campaign',
        params: CampaignIdParams,
        querystring: Type.Object({ ...PageQuery.properties, ...HistoryRange.properties }),
        response: { 200: EnvelopeOf(PaginatedOf(CampaignHistoryItem)), ...errors },
      },
    },
    async (req) => {
      const auth = authOf(req);
      // Each row names a contact (name, address): the address book's data, so access_contacts as well as access_email.
      if (!auth.access.contacts) throw lacksAccess('contacts');
      const page = pageRequest(req.query);
      const { items, total } = await campaigns.history(auth, req.params.email_campaign_id, req.query, page);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.publicUrl, req.url)), 'Here is your result.');
    },
  );

  app.get(
    '/email-campaigns/:email_campaign_id/history/export',
    {
      config,
      schema: {
        operationId: 'email.campaigns.historyExport',
        tags,
        summary: 'Export an email campaign history as CSV',
        params: CampaignIdParams,
        querystring: HistoryRange,
        response: { 200: EnvelopeOf(Type.Object({ url: Type.String() })), ...errors },
      },
    },
    async (req) => {
      const auth = authOf(req);
      if (!auth.access.contacts) throw lacksAccess('contacts');
      return ok(await campaigns.exportHistory(auth, req.params.email_campaign_id, req.query), 'Download your file here.');
    },
  );
}
