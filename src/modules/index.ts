import { accountsModule } from './accounts/index.js';
import { subaccountsModule } from './subaccounts/index.js';
import { referenceModule } from './reference/index.js';
import { pricingModule } from './pricing/index.js';
import { filesModule } from './files/index.js';
import type { SendboxModule } from './types.js';

/** Every resource group, in registration order. Only this file and app.ts know them all. */
export const modules: SendboxModule[] = [accountsModule, subaccountsModule, referenceModule, pricingModule, filesModule];
