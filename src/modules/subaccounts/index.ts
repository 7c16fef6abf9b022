import type { SendboxModule } from '../types.js';
import { subaccountsRoutes } from './subaccounts.routes.js';

export { SubaccountsService } from './subaccounts.service.js';

export const subaccountsModule: SendboxModule = { name: 'subaccounts', register: subaccountsRoutes };
