import type { SendboxModule } from '../types.js';
import { pricingRoutes } from './pricing.routes.js';

export { PricingService, convertMicros, type AccountCurrencyLookup } from './pricing.service.js';
export { loadPricingTable, type PricingTable } from './pricing.table.js';
export type { Prices, PriceTier } from './pricing.fields.js';

export const pricingModule: SendboxModule = { name: 'pricing', register: pricingRoutes };
