import { accountsModule } from './accounts/index.js';
import { subaccountsModule } from './subaccounts/index.js';
import { referenceModule } from './reference/index.js';
import { pricingModule } from './pricing/index.js';
import { filesModule } from './files/index.js';
import { uploadsModule } from './uploads/index.js';
import { returnAddressesModule } from './return-addresses/index.js';
import { smsTemplatesModule } from './sms-templates/index.js';
import { statisticsModule } from './statistics/index.js';
import { postcardsModule } from './postcards/index.js';
import { lettersModule } from './letters/index.js';
import { smsModule } from './sms/index.js';
import { detectAddressModule } from './post/detect-address/index.js';
import type { SendboxModule } from './types.js';

/** Every resource group, in registration order. Only this file and app.ts know them all. */
export const modules: SendboxModule[] = [accountsModule, subaccountsModule, referenceModule, pricingModule, filesModule, uploadsModule, returnAddressesModule, smsTemplatesModule, postcardsModule, lettersModule, smsModule, statisticsModule, detectAddressModule];
