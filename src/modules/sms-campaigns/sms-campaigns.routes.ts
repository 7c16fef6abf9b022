import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import type { Config } from '../../config/index.js';
import { CampaignIdParams, CampaignPrice, SmsCampaignBody, SmsCampaignRecord } from './sms-campaigns.schemas.js';
import type { SmsCampaignsService } from './sms-campaigns.service.js';

const errors = { '4xx': ErrorEnvelope };

/** Create, price, list, get, update and cancel; subaccounts need access_sms. Messages as ClickSend words them. */
export function smsCampaignsRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; campaigns: SmsCampaignsService }) {
  const { campaigns } = deps;
  const tags = ['SMS Campaigns'];
  const config = { access: 'sms' as const };

  app.post(
    '/sms-campaigns/send',
    {
      config: { ...config, requiresActiveAccount: true, idempotent: true },
      schema: { operationId: 'sms.campaigns.send', tags, summary: 'Create an SMS campaign to one contact list', body: SmsCampaignBody, response: { 200: EnvelopeOf(SmsCampaignRecord), ...errors } },
    },
    async (req) => ok(await campaigns.create(authOf(req), req.body, req.ip), 'Your new campaign has been added.'),
  );

  app.post(
    '/sms-campaigns/price',
    { config, schema: { operationId: 'sms.campaigns.price', tags, summary: 'Price an SMS campaign', body: SmsCampaignBody, response: { 200: EnvelopeOf(CampaignPrice), ...errors } } },
    async (req) => ok(await campaigns.price(authOf(req), req.body), 'Here is your price for your SMS Campaign.'),
  );

  app.get(
    '/sms-campaigns',
    { config, schema: { operationId: 'sms.campaigns.list', tags, summary: 'List SMS campaigns', querystring: PageQuery, response: { 200: EnvelopeOf(PaginatedOf(SmsCampaignRecord)), ...errors } } },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await campaigns.list(authOf(req), page);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your SMS campaigns.');
    },
  );

  app.get(
    '/sms-campaigns/:sms_campaign_id',
    { config, schema: { operationId: 'sms.campaigns.get', tags, summary: 'Get an SMS campaign', params: CampaignIdParams, response: { 200: EnvelopeOf(SmsCampaignRecord), ...errors } } },
    async (req) => ok(await campaigns.get(authOf(req), req.params.sms_campaign_id), 'Your SMS Campaign.'),
  );

  app.put(
    '/sms-campaigns/:sms_campaign_id',
    {
      config,
      schema: {
        operationId: 'sms.campaigns.update',
        tags,
        summary: 'Update an SMS campaign that has not started',
        params: CampaignIdParams,
        body: SmsCampaignBody,
        response: { 200: EnvelopeOf(SmsCampaignRecord), ...errors },
      },
    },
    async (req) => ok(await campaigns.update(authOf(req), req.params.sms_campaign_id, req.body), 'Your SMS Campaign has been updated.'),
  );

  app.put(
    '/sms-campaigns/:sms_campaign_id/cancel',
    {
      config,
      schema: {
        operationId: 'sms.campaigns.cancel',
        tags,
        summary: 'Cancel an SMS campaign and refund what was not sent',
        params: CampaignIdParams,
        response: { 200: EnvelopeOf(SmsCampaignRecord), ...errors },
      },
    },
    async (req) => ok(await campaigns.cancel(authOf(req), req.params.sms_campaign_id), 'Your SMS Campaign has been cancelled.'),
  );
}
