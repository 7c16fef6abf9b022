import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { SmsStatistics } from './statistics.schemas.js';
import type { StatisticsService } from './statistics.service.js';

const errors = { '4xx': ErrorEnvelope };

export function statisticsRoutes(app: App, services: { statistics: StatisticsService }) {
  const tags = ['Statistics'];
  app.get(
    '/statistics/sms',
    {
      config: { access: 'reporting' as const },
      schema: { operationId: 'statistics.sms', tags, summary: 'SMS statistics: daily outbound, inbound and bounced over the last 30 days', response: { 200: EnvelopeOf(SmsStatistics), ...errors } },
    },
    async (req) => ok(await services.statistics.sms(authOf(req)), 'Here are your data.'),
  );
}
