import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { LedgerService } from './ledger.service.js';
import { productUsage, type ProductUsageQuery } from './ledger.usage.js';

export { LedgerService, type Entry, type Executor } from './ledger.service.js';
export { productUsage, type ProductUsage, type ProductUsageQuery } from './ledger.usage.js';
export type { LedgerTransactionRow } from './ledger.tables.js';

/**
 * Money: owns ledger_transactions, and accounts.balance_micros, the cached sum it moves in the same
 * transaction (the accounts module owns the rest of that table). Others read it through what this provides
 * (the balance, and usage per product for GET /account/usage).
 */
export function ledgerModule(d: { db: Db; clock: Clock }): Module<{ ledger: LedgerService; productUsage: ProductUsageQuery }> {
  return { name: 'ledger', provides: { ledger: new LedgerService(d.db, d.clock), productUsage: productUsage(d.db) } };
}
