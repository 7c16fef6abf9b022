import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import type { EmailAddressRow, NewEmailAddress } from './email-addresses.tables.js';
import './email-addresses.tables.js';

type Exec = Db | Transaction<Database>;

/** Allowed sender SQL, always scoped by account: another account's row is simply not found. */
export class EmailAddressesRepository {
  constructor(readonly db: Db) {}

  async page(accountId: number, limit: number, offset: number): Promise<{ rows: EmailAddressRow[]; total: number }> {
    const base = this.db.selectFrom('email_addresses').where('account_id', '=', accountId);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('id', 'asc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  find(accountId: number, id: number, db: Exec = this.db): Promise<EmailAddressRow | undefined> {
    return db.selectFrom('email_addresses').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  insert(values: NewEmailAddress): Promise<EmailAddressRow> {
    return this.db.insertInto('email_addresses').values(values).returningAll().executeTakeFirstOrThrow();
  }

  async delete(accountId: number, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('email_addresses').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Replaces the address's live token (its guesses restart at 0) unless `max` tokens were minted in the current
   * window; false when refused or the address is not the account's. One UPDATE, so concurrent mints cannot overrun
   * the limit: the window restarts at `now` once `since` has passed its start.
   */
  async mint(accountId: number, id: number, t: { tokenHash: string; expiresAt: number; now: number; since: number; max: number }, db: Exec): Promise<boolean> {
    const fresh = sql<boolean>`mint_window_start <= ${t.since}`;
    const r = await db
      .updateTable('email_addresses')
      .set({
        token_hash: t.tokenHash,
        token_expires_at: t.expiresAt,
        token_attempts: 0,
        mint_count: sql<number>`case when ${fresh} then 1 else mint_count + 1 end`,
        mint_window_start: sql<number>`case when ${fresh} then ${t.now} else mint_window_start end`,
      })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('mint_window_start', '<=', t.since), eb('mint_count', '<', t.max)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Counts one guess against the live token, atomically and before the guess is compared: the token's hash when a
   * guess was still allowed; undefined when there is no live token or it has had its `max` guesses (the caller reads
   * the row to tell which).
   */
  async reserveAttempt(accountId: number, id: number, now: number, max: number): Promise<string | undefined> {
    const r = await this.db
      .updateTable('email_addresses')
      .set((eb) => ({ token_attempts: eb('token_attempts', '+', 1) }))
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('token_hash', 'is not', null)
      .where('token_expires_at', '>', now)
      .where('token_attempts', '<', max)
      .returning('token_hash')
      .executeTakeFirst();
    return r?.token_hash ?? undefined;
  }

  /** Uses the token and marks the address verified: the row when this call used it (a second use finds it gone). */
  consume(accountId: number, id: number, tokenHash: string): Promise<EmailAddressRow | undefined> {
    return this.db
      .updateTable('email_addresses')
      .set({ verified: 1, token_hash: null, token_expires_at: null })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('token_hash', '=', tokenHash)
      .returningAll()
      .executeTakeFirst();
  }
}
