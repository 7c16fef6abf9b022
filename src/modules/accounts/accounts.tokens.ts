import type { Transaction } from 'kysely';
import { isUniqueViolation, type Database, type Db } from '../../core/db/index.js';
import './accounts.tables.js';

type Exec = Db | Transaction<Database>;
export type TokenPurpose = 'verify' | 'reset_password';

export interface NewToken {
  account_id: number;
  subaccount_id: number;
  purpose: TokenPurpose;
  token_hash: string;
  expires_at: number;
  created_at: number;
}

/** Rolls the minting transaction back (the live token must survive a refused mint). */
class MintRefused extends Error {}

/**
 * SQL for one-time account tokens. A subaccount holds at most one live token per purpose (a partial
 * unique index, migration 0008); guesses are counted on that token in the database, so the limits hold
 * across processes and restarts.
 */
export class AccountTokensRepository {
  constructor(private readonly db: Db) {}

  /**
   * Voids the live token and stores the new one, unless `max` tokens were minted since `since`; false
   * when refused. Voiding first, then counting, then inserting: a concurrent mint either sees this one
   * in its count or collides with it on the one-live index, so the limit cannot be overrun.
   */
  async mint(values: NewToken, limit: { max: number; since: number }): Promise<boolean> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await this.voidLive(values.subaccount_id, values.purpose, values.created_at, trx);
        const { n } = await trx
          .selectFrom('account_tokens')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('subaccount_id', '=', values.subaccount_id)
          .where('purpose', '=', values.purpose)
          .where('created_at', '>=', limit.since)
          .executeTakeFirstOrThrow();
        if (Number(n) >= limit.max) throw new MintRefused();
        await trx
          .insertInto('account_tokens')
          .values({ ...values, used_at: null })
          .execute();
      });
      return true;
    } catch (err) {
      // A unique violation: another request minted for this user at the same moment, and its token is the live one.
      if (err instanceof MintRefused || isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /**
   * Counts one guess against the live token, atomically and before the guess is compared: the token's
   * hash and its guesses so far (this one included) when a guess was still allowed, 'locked' when the live
   * token has used up its `max` guesses, undefined when there is no live token. Without `max`, never locked.
   */
  async reserveAttempt(subaccountId: number, purpose: TokenPurpose, now: number, max?: number): Promise<{ id: number; token_hash: string; attempts: number } | 'locked' | undefined> {
    let update = this.db
      .updateTable('account_tokens')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('subaccount_id', '=', subaccountId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now);
    if (max !== undefined) update = update.where('attempts', '<', max);
    const reserved = await update.returning(['id', 'token_hash', 'attempts']).executeTakeFirst();
    if (reserved) return { id: Number(reserved.id), token_hash: reserved.token_hash, attempts: Number(reserved.attempts) };
    const locked = await this.db
      .selectFrom('account_tokens')
      .select('id')
      .where('subaccount_id', '=', subaccountId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return locked ? 'locked' : undefined;
  }

  /** Uses the token: true when this call used it (a second use of the same token finds it gone). */
  async consume(id: number, now: number, db: Exec = this.db): Promise<boolean> {
    const r = await db.updateTable('account_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  voidLive(subaccountId: number, purpose: TokenPurpose, now: number, db: Exec = this.db) {
    return db.updateTable('account_tokens').set({ used_at: now }).where('subaccount_id', '=', subaccountId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  }
}
