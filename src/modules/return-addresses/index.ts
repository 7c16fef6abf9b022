import type { SendboxModule } from '../types.js';
import { returnAddressesRoutes } from './return-addresses.routes.js';

export { ReturnAddressesService, presentReturnAddress } from './return-addresses.service.js';
export { ReturnAddressRecord } from './return-addresses.schemas.js';
export type { ReturnAddressRow } from './return-addresses.tables.js';

export const returnAddressesModule: SendboxModule = { name: 'return-addresses', register: returnAddressesRoutes };
