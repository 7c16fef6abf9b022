import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { returnAddressesRoutes } from './return-addresses.routes.js';
import { ReturnAddressesService } from './return-addresses.service.js';

export { ReturnAddressesService, presentReturnAddress } from './return-addresses.service.js';
export { ReturnAddressRecord } from './return-addresses.schemas.js';
export type { ReturnAddressRow } from './return-addresses.tables.js';

export function returnAddressesModule(d: { db: Db; clock: Clock; config: Pick<Config, 'publicUrl'> }): Module<{ returnAddresses: ReturnAddressesService }> {
  const returnAddresses = new ReturnAddressesService(d.db, d.clock);
  return { name: 'return-addresses', provides: { returnAddresses }, routes: (app) => returnAddressesRoutes(app, { config: d.config, returnAddresses }) };
}
