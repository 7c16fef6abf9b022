import type { Db } from '../../core/db/index.js';
import { searchOrder, searchWhere, type Search } from '../../core/search/index.js';
import type { SubaccountRow } from '../accounts/index.js';

type SubaccountChanges = Partial<Omit<SubaccountRow, 'id' | 'account_id' | 'is_primary' | 'created_at'>>;

/** Subaccount SQL, always scoped by account: a row of another account is simply not found. */
export class SubaccountsRepository {
  constructor(private readonly db: Db) {}

  /** One page of the account's subaccounts matching the search, in its order. */
  async page(accountId: number, search: Search, limit: number, offset: number): Promise<{ rows: SubaccountRow[]; total: number }> {
    const matching = () => this.db.selectFrom('subaccounts').where('account_id', '=', accountId).where((eb) => searchWhere(eb, search));
    const [rows, count] = await Promise.all([
      searchOrder(matching().selectAll(), search).limit(limit).offset(offset).execute(),
      matching()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  find(accountId: number, id: number): Promise<SubaccountRow | undefined> {
    return this.db.selectFrom('subaccounts').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  update(accountId: number, id: number, changes: SubaccountChanges): Promise<SubaccountRow | undefined> {
    return this.db.updateTable('subaccounts').set(changes).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async delete(accountId: number, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('subaccounts').where('account_id', '=', accountId).where('id', '=', id).where('is_primary', '=', 0).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
