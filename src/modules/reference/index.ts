import type { SendboxModule } from '../types.js';
import { referenceRoutes } from './reference.routes.js';

export { listCountries, listTimezones } from './reference.data.js';

/** Reference data: countries and timezones. */
export const referenceModule: SendboxModule = { name: 'reference', register: referenceRoutes };
