import type { Module } from '../../core/modules/index.js';
import { referenceRoutes } from './reference.routes.js';

export { listCountries, listTimezones } from './reference.data.js';

/** Reference data: countries and timezones. */
export function referenceModule(): Module {
  return { name: 'reference', routes: referenceRoutes };
}
