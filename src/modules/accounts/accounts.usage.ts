import { ApiError } from '../../core/errors/index.js';
import { microsToDecimal } from '../../core/util/money.js';
import type { ProductUsageQuery } from '../ledger/index.js';
import type { AccountsRepository } from './accounts.repository.js';

/** The products /account/usage reports, as ledger_transactions.product names them. */
const PRODUCTS = ['email', 'fax', 'post', 'sms', 'voice'] as const;

/**
 * Monthly usage per subaccount and product, computed from the ledger (debits minus refunds, read through
 * the ledger module), so it can never disagree with the balance. Month boundaries are UTC.
 */
export async function monthlyUsage(productUsage: ProductUsageQuery, accounts: AccountsRepository, accountId: number, year: number, month: number) {
  if (month < 1 || month > 12) throw ApiError.badRequest(`month must be 1–12, got ${month}.`);
  if (year < 2000 || year > 9999) throw ApiError.badRequest(`year must be a four-digit year, got ${year}.`);
  const from = Date.UTC(year, month - 1, 1) / 1000;
  const to = Date.UTC(year, month, 1) / 1000;
  const usage = await productUsage(accountId, from, to);
  // Subaccounts deleted since keep their usage, without a username (as the left join did).
  const names = await accounts.subaccountNames([...new Set(usage.flatMap((u) => (u.subaccountId === null ? [] : [u.subaccountId])))]);
  const rows = usage.map((u) => ({
    product: u.product,
    subaccount_id: u.subaccountId,
    api_username: u.subaccountId === null ? undefined : names.get(u.subaccountId),
    count: u.count,
    price: u.priceMicros,
  }));

  const out: Record<string, unknown> = {};
  for (const product of PRODUCTS) {
    const mine = rows.filter((r) => r.product === product);
    let count = 0;
    let price = 0;
    out[product] = mine.map((r) => {
      const c = Number(r.count);
      const p = Number(r.price);
      count += c;
      price += p;
      return {
        subaccount_id: r.subaccount_id,
        // ClickSend's example prints email counts as numbers, post as "10", and sms/fax/voice as "29.00".
        total_count: product === 'email' ? c : product === 'post' ? String(c) : c.toFixed(2),
        total_price: microsToDecimal(p, 4),
        username: r.api_username ?? null,
      };
    });
    out[`${product}_total`] = { count, price: microsToDecimal(price, 4) };
  }
  return out;
}
