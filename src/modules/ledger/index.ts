export { LedgerService, type Entry, type Executor } from './ledger.service.js';
export type { LedgerTransactionRow } from './ledger.tables.js';
