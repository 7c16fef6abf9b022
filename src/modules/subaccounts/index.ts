import type { Config } from '../../config/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { AccountsRepository } from '../accounts/index.js';
import { subaccountsRoutes } from './subaccounts.routes.js';
import { SubaccountsService } from './subaccounts.service.js';

export { SubaccountsService } from './subaccounts.service.js';

/** /subaccounts: the rules for managing an account's credentials; the rows are the accounts module's (see accountsModule). */
export function subaccountsModule(d: { clock: Clock; config: Pick<Config, 'publicUrl'>; credentials: AccountsRepository }): Module<{ subaccounts: SubaccountsService }> {
  const subaccounts = new SubaccountsService(d.clock, d.credentials);
  return { name: 'subaccounts', provides: { subaccounts }, routes: (app) => subaccountsRoutes(app, { config: d.config, subaccounts }) };
}
