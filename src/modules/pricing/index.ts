import type { Config } from '../../config/index.js';
import type { Module } from '../../core/modules/index.js';
import { pricingRoutes } from './pricing.routes.js';
import { PricingService, type AccountCurrencyLookup } from './pricing.service.js';
import { loadPricingTable } from './pricing.table.js';

export { PricingService, convertMicros, type AccountCurrencyLookup } from './pricing.service.js';
export { loadPricingTable, type PricingTable } from './pricing.table.js';
export type { Prices, PriceTier } from './pricing.fields.js';

/** Prices per country and channel (DATA_DIR/pricing.json or the defaults), in the account's currency. */
export function pricingModule(d: { config: Pick<Config, 'dataDir'>; accountCurrency: AccountCurrencyLookup }): Module<{ pricing: PricingService }> {
  // Read and checked now, so a malformed DATA_DIR/pricing.json stops start-up rather than a later request.
  const pricing = new PricingService(loadPricingTable(d.config.dataDir), d.accountCurrency);
  return { name: 'pricing', provides: { pricing }, routes: (app) => pricingRoutes(app, { pricing }) };
}
