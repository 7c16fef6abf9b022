import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { lacksAccess } from '../../core/errors/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import type { Config } from '../../config/index.js';
import { LinkStatistics, LinkTrackingItem } from '../short-links/index.js';
import type { CampaignLinks } from './sms-campaigns.ports.js';
import { ExportQuery, CampaignIdParams } from './sms-campaigns.schemas.js';
import type { SmsCampaignsService } from './sms-campaigns.service.js';

const errors = { '4xx': ErrorEnvelope };

/**
 * The campaign's short-link reports, thin routes over the short-links service: the campaign is looked up first, so
 * another account's campaign (or none) is a 404 on every route.
 */
export function smsCampaignLinkRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; campaigns: SmsCampaignsService; links: CampaignLinks }) {
  const { campaigns, links } = deps;
  const tags = ['SMS Campaigns'];
  const config = { access: 'sms' as const };

  app.get(
    '/sms-campaigns/:sms_campaign_id/link-tracking',
    {
      config,
      schema: {
        operationId: 'sms.campaigns.linkTracking',
        tags,
        summary: 'Short-link clicks per recipient',
        params: CampaignIdParams,
        querystring: PageQuery,
        response: { 200: EnvelopeOf(PaginatedOf(LinkTrackingItem)), ...errors },
      },
    },
    async (req) => {
      const auth = authOf(req);
      // Each row names a contact (name, number): the address book's data, so access_contacts as well as access_sms.
      if (!auth.access.contacts) throw lacksAccess('contacts');
      await campaigns.get(auth, req.params.sms_campaign_id);
      const page = pageRequest(req.query);
      const { items, total } = await links.tracking(auth.accountId, req.params.sms_campaign_id, page);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here is your result.');
    },
  );

  app.get(
    '/sms-campaigns/:sms_campaign_id/link-statistics',
    {
      config,
      schema: { operationId: 'sms.campaigns.linkStatistics', tags, summary: 'Short-link click statistics', params: CampaignIdParams, response: { 200: EnvelopeOf(LinkStatistics), ...errors } },
    },
    async (req) => {
      const auth = authOf(req);
      await campaigns.get(auth, req.params.sms_campaign_id);
      return ok(await links.statistics(auth.accountId, req.params.sms_campaign_id), 'Here is your result.');
    },
  );

  app.get(
    '/sms-campaigns/:sms_campaign_id/link-export',
    {
      config,
      schema: {
        operationId: 'sms.campaigns.linkExport',
        tags,
        summary: 'Short-link clicks as CSV',
        params: CampaignIdParams,
        querystring: ExportQuery,
        response: { 200: EnvelopeOf(Type.Object({ url: Type.String() })), ...errors },
      },
    },
    async (req) => {
      const auth = authOf(req);
      // The CSV names each contact, as link-tracking does.
      if (!auth.access.contacts) throw lacksAccess('contacts');
      await campaigns.get(auth, req.params.sms_campaign_id);
      // An empty filename is a file with no name (no CSV type, no download name): the documented default instead.
      return ok(await links.exportCsv(auth.accountId, req.params.sms_campaign_id, req.query.filename?.trim() || 'export.csv'), 'Download your file here.');
    },
  );
}
