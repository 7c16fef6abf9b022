import type { SendboxModule } from '../../types.js';
import { detectAddressRoutes } from './detect-address.routes.js';

export { DetectAddressService, type Detection } from './detect-address.service.js';
export { parseAddressLines, countryOf, type DetectedAddress, type ParsedAddress } from './parse-address.js';
export { readWindowLines, type WindowLine } from './window-text.js';

export const detectAddressModule: SendboxModule = { name: 'detect-address', register: detectAddressRoutes };
