import type { Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { searchPage, type Search } from '../../core/search/index.js';
import { ACCESS_FLAGS, type AccessFlag, type CredentialStore, type StoredCredential } from '../../core/auth/index.js';
import type { AccountRow, AccountUpdate, NewAccount, NewSubaccount, SubaccountRow } from './accounts.tables.js';
import './accounts.tables.js';

type Exec = Db | Transaction<Database>;

/** What PUT /subaccounts/{id} and key regeneration may change. */
export type SubaccountChanges = Partial<Omit<SubaccountRow, 'id' | 'account_id' | 'is_primary' | 'created_at'>>;

export function accessOf(row: SubaccountRow): Record<AccessFlag, boolean> {
  const access = {} as Record<AccessFlag, boolean>;
  for (const flag of ACCESS_FLAGS) access[flag] = row.is_primary === 1 || row[`access_${flag}`] === 1;
  return access;
}

/**
 * SQL for accounts and subaccounts (tokens: accounts.tokens.ts): this module owns both tables. Also the credential
 * store core/auth reads, and the subaccounts module's way to its rows (the account-scoped methods below).
 */
export class AccountsRepository implements CredentialStore {
  constructor(readonly db: Db) {}

  async findByApiUsername(apiUsername: string): Promise<StoredCredential | undefined> {
    const row = await this.db.selectFrom('subaccounts').selectAll().where('api_username', '=', apiUsername).executeTakeFirst();
    if (!row) return undefined;
    return {
      accountId: row.account_id,
      subaccountId: row.id,
      apiUsername: row.api_username,
      isPrimary: row.is_primary === 1,
      apiKeyHash: row.api_key_hash,
      passwordHash: row.password_hash,
      access: accessOf(row),
      record: row,
    };
  }

  insertAccount(values: NewAccount, db: Exec = this.db): Promise<AccountRow> {
    return db.insertInto('accounts').values(values).returningAll().executeTakeFirstOrThrow();
  }

  insertSubaccount(values: NewSubaccount, db: Exec = this.db): Promise<SubaccountRow> {
    return db.insertInto('subaccounts').values(values).returningAll().executeTakeFirstOrThrow();
  }

  findAccount(id: number, db: Exec = this.db): Promise<AccountRow | undefined> {
    return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findAccountByUsername(username: string, db: Exec = this.db): Promise<AccountRow | undefined> {
    return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
  }

  updateAccount(id: number, values: AccountUpdate, db: Exec = this.db): Promise<AccountRow | undefined> {
    return db.updateTable('accounts').set(values).where('id', '=', id).returningAll().executeTakeFirst();
  }

  countAccounts(): Promise<number> {
    return this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  findSubaccount(id: number, db: Exec = this.db): Promise<SubaccountRow | undefined> {
    return db.selectFrom('subaccounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findSubaccountByUsername(apiUsername: string, db: Exec = this.db): Promise<SubaccountRow | undefined> {
    return db.selectFrom('subaccounts').selectAll().where('api_username', '=', apiUsername).executeTakeFirst();
  }

  findPrimarySubaccount(accountId: number, db: Exec = this.db): Promise<SubaccountRow | undefined> {
    return db.selectFrom('subaccounts').selectAll().where('account_id', '=', accountId).where('is_primary', '=', 1).executeTakeFirst();
  }

  /** Subaccounts whose email or phone matches, for forgot-username. */
  findSubaccountsByContact(email: string | undefined, phone: string | undefined): Promise<SubaccountRow[]> {
    let q = this.db.selectFrom('subaccounts').selectAll();
    q = q.where((eb) => {
      const ors = [];
      if (email) ors.push(eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
      if (phone) ors.push(eb('phone_number', '=', phone));
      return eb.or(ors);
    });
    return q.orderBy('id').limit(50).execute();
  }

  async usernameTaken(username: string, db: Exec = this.db): Promise<boolean> {
    const [a, s] = await Promise.all([
      db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst(),
      db.selectFrom('subaccounts').select('id').where('api_username', '=', username).executeTakeFirst(),
    ]);
    return Boolean(a ?? s);
  }

  async isAccountActive(accountId: number): Promise<boolean> {
    const row = await this.db.selectFrom('accounts').select('active').where('id', '=', accountId).executeTakeFirst();
    return row?.active === 1;
  }

  /** One page of the account's subaccounts matching the search (GET /subaccounts), in its order. */
  async pageSubaccounts(accountId: number, search: Search, limit: number, offset: number): Promise<{ rows: SubaccountRow[]; total: number }> {
    return searchPage<SubaccountRow>(() => this.db.selectFrom('subaccounts').where('account_id', '=', accountId), search, limit, offset);
  }

  /** Scoped by account: a subaccount of another account is simply not found. */
  findAccountSubaccount(accountId: number, id: number): Promise<SubaccountRow | undefined> {
    return this.db.selectFrom('subaccounts').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  updateSubaccount(accountId: number, id: number, changes: SubaccountChanges): Promise<SubaccountRow | undefined> {
    return this.db.updateTable('subaccounts').set(changes).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** api_username by subaccount id, for the ids that still exist. */
  async subaccountNames(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('subaccounts').select(['id', 'api_username']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.api_username]));
  }

  /** By id alone, for the account's own flows (PUT /account, password reset), in the caller's transaction. */
  async changeSubaccount(id: number, changes: SubaccountChanges, db: Exec = this.db): Promise<void> {
    await db.updateTable('subaccounts').set(changes).where('id', '=', id).execute();
  }

  /** Never the owner's (primary) subaccount. */
  async deleteSubaccount(accountId: number, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('subaccounts').where('account_id', '=', accountId).where('id', '=', id).where('is_primary', '=', 0).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
