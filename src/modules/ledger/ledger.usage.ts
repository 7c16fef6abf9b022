import { sql } from 'kysely';
import type { Db } from '../../core/db/index.js';
import type {} from './ledger.tables.js';

/** What one subaccount spent on one product: debits minus refunds. */
export interface ProductUsage {
  product: string;
  subaccountId: number | null;
  count: number;
  priceMicros: number;
}

/** Usage of one account in [fromS, toS), per product and subaccount, ordered by subaccount id. */
export type ProductUsageQuery = (accountId: number, fromS: number, toS: number) => Promise<ProductUsage[]>;

/** Computed from the ledger, so usage can never disagree with the balance. */
export function productUsage(db: Db): ProductUsageQuery {
  return async (accountId, fromS, toS) => {
    const rows = await db
      .selectFrom('ledger_transactions as l')
      .select((eb) => [
        'l.product',
        'l.subaccount_id',
        eb.fn.sum<number>(sql`case when l.kind = 'debit' then l.quantity else -l.quantity end`).as('count'),
        eb.fn.sum<number>(sql`-l.amount_micros`).as('price'),
      ])
      .where('l.account_id', '=', accountId)
      .where('l.product', 'is not', null)
      .where('l.kind', 'in', ['debit', 'refund'])
      .where('l.created_at', '>=', fromS)
      .where('l.created_at', '<', toS)
      .groupBy(['l.product', 'l.subaccount_id'])
      .orderBy('l.subaccount_id')
      .execute();
    return rows.map((r) => ({ product: r.product!, subaccountId: r.subaccount_id, count: Number(r.count), priceMicros: Number(r.price) }));
  };
}
