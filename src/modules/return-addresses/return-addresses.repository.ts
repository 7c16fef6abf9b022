import type { Db } from '../../core/db/index.js';
import { searchPage, type Search } from '../../core/search/index.js';
import type { ReturnAddressRow } from './return-addresses.tables.js';
import './return-addresses.tables.js';

type Fields = Omit<ReturnAddressRow, 'id' | 'account_id' | 'created_at'>;

/** Return-address SQL, always scoped by account: another account's row is simply not found. */
export class ReturnAddressesRepository {
  constructor(private readonly db: Db) {}

  /** One page of the account's return addresses matching the search, in its order. */
  async page(accountId: number, search: Search, limit: number, offset: number) {
    return searchPage<ReturnAddressRow>(() => this.db.selectFrom('return_addresses').where('account_id', '=', accountId), search, limit, offset);
  }

  find(accountId: number, id: number): Promise<ReturnAddressRow | undefined> {
    return this.db.selectFrom('return_addresses').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  /** Every listed id the account owns, in one query (for validating a whole recipient list). */
  findMany(accountId: number, ids: number[]): Promise<ReturnAddressRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('return_addresses').selectAll().where('account_id', '=', accountId).where('id', 'in', ids).execute();
  }

  insert(accountId: number, fields: Fields & { created_at: number }): Promise<ReturnAddressRow> {
    return this.db
      .insertInto('return_addresses')
      .values({ account_id: accountId, ...fields })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(accountId: number, id: number, fields: Partial<Fields>): Promise<ReturnAddressRow | undefined> {
    return this.db.updateTable('return_addresses').set(fields).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async delete(accountId: number, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('return_addresses').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
