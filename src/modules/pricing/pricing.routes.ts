import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PriceList, PricingParams, PricingQuery } from './pricing.schemas.js';
import type { PricingService } from './pricing.service.js';

export function pricingRoutes(app: App, deps: { pricing: PricingService }) {
  const { pricing } = deps;

  // Readable by any authenticated caller: a subaccount needs no access_billing to see prices.
  app.get(
    '/pricing/:country',
    {
      schema: {
        operationId: 'pricing.get',
        tags: ['Pricing'],
        summary: 'Get country pricing (sandbox prices)',
        params: PricingParams,
        querystring: PricingQuery,
        response: { 200: EnvelopeOf(PriceList), '4xx': ErrorEnvelope },
      },
    },
    async (req) => ok(await pricing.priceList(authOf(req).accountId, req.params.country, req.query.currency), 'Price Lists.'),
  );
}
