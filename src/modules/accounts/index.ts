import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { ProductUsageQuery, LedgerService } from '../ledger/index.js';
import type { AccountsRepository } from './accounts.repository.js';
import { accountsRoutes } from './accounts.routes.js';
import { AccountsService } from './accounts.service.js';
import type { Notifier } from './notifier.js';

export { AccountsService, USERNAME_PATTERN, type NewAccountInput } from './accounts.service.js';
export { AccountsRepository, accessOf, type SubaccountChanges } from './accounts.repository.js';
export { presentAccount, presentSubaccount } from './accounts.presenter.js';
export { currencyForCountry, currencyInfo, SUPPORTED_CURRENCIES, type CurrencyInfo } from './currency.js';
export type { Notifier } from './notifier.js';
export type { AccountRow, SubaccountRow } from './accounts.tables.js';
export { AccountRecord, SubaccountRecord, Currency } from './accounts.schemas.js';

/** The account's currency (prices are charged in it); undefined when the account is gone. */
export type AccountCurrency = (accountId: number) => Promise<string | undefined>;

/**
 * Accounts and their credentials. This module owns both the `accounts` and the `subaccounts` tables: a
 * subaccount row is a credential (username, API key, password, permissions) that sign-in, recovery and
 * PUT /account change as much as /subaccounts does, so one module keeps them consistent. The subaccounts
 * module holds the /subaccounts rules and reaches the table through `credentials` (AccountsRepository).
 * The ledger module owns accounts.balance_micros, the cached balance it moves with each transaction.
 */
export function accountsModule(d: {
  db: Db;
  clock: Clock;
  config: Config;
  ledger: LedgerService;
  productUsage: ProductUsageQuery;
  notifications: Notifier;
}): Module<{ accounts: AccountsService; credentials: AccountsRepository; accountCurrency: AccountCurrency }> {
  const accounts = new AccountsService(d.db, d.clock, d.config, d.ledger, d.notifications);
  return {
    name: 'accounts',
    provides: {
      accounts,
      /** Credentials for core/auth and the subaccounts module; accounts and subaccounts rows for the rest. */
      credentials: accounts.repo,
      accountCurrency: async (id) => (await accounts.repo.findAccount(id))?.currency,
    },
    routes: (app) => accountsRoutes(app, { config: d.config, accounts, productUsage: d.productUsage }),
    // Recovery work runs after its answer (constant response time): let it finish before the database closes.
    close: () => accounts.recovery.idle(),
  };
}
