import type { SendboxModule } from '../types.js';
import { accountsRoutes } from './accounts.routes.js';

export { AccountsService, USERNAME_PATTERN, type NewAccountInput } from './accounts.service.js';
export { AccountsRepository, accessOf } from './accounts.repository.js';
export { presentAccount, presentSubaccount } from './accounts.presenter.js';
export { currencyForCountry, currencyInfo, SUPPORTED_CURRENCIES, type CurrencyInfo } from './currency.js';
export type { Notifier } from './notifier.js';
export type { AccountRow, SubaccountRow } from './accounts.tables.js';
export { AccountRecord, SubaccountRecord, Currency } from './accounts.schemas.js';

export const accountsModule: SendboxModule = { name: 'accounts', register: accountsRoutes };
