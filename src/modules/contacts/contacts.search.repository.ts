import { sql } from 'kysely';
import { isPostgres, type Db } from '../../core/db/index.js';
import { containsIgnoringCase } from '../../core/search/index.js';

/** The lower-cased search keys of migration 0015, each indexed as (account_id, key, id). */
export type TextKey = 'search_name' | 'search_last' | 'search_email';

/** Longest E.164 number: "+" and 15 digits. */
const E164_LENGTH = 16;

/**
 * Search SQL: every match is one index range (a prefix), read in index order and cut at `limit`, so the work
 * is bounded by what is returned, never by the size of the account's address book.
 */
export class ContactSearchRepository {
  private readonly pg: boolean;

  constructor(private readonly db: Db) {
    this.pg = isPostgres(db);
  }

  /**
   * Ids of the account's contacts whose key starts with `prefix` lowered by the database's own lower() (the one
   * that computed the key), in key order. The range [p, p || U+10FFFF) is exactly "starts with p" in byte
   * order (the keys' collation on both dialects), and an index range.
   */
  async textPrefix(accountId: number, key: TextKey, prefix: string, limit: number): Promise<number[]> {
    const last = this.pg ? sql`chr(1114111)` : sql`char(1114111)`;
    const rows = await this.db
      .selectFrom('contacts')
      .select('id')
      .where('account_id', '=', accountId)
      .where(key, '>=', sql<string>`lower(${prefix})`)
      .where(key, '<', sql<string>`lower(${prefix}) || ${last}`)
      .orderBy(key)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /**
   * Ids of the account's contacts whose phone number (E.164) starts with `prefix` ("+614…"), in number order.
   * Numbers are "+" and digits only, so [prefix, prefix padded with 9s] is exactly the prefix in any collation
   * (the 0014 index keeps PostgreSQL's default one, which may ignore the "+").
   */
  async phonePrefix(accountId: number, prefix: string, limit: number): Promise<number[]> {
    if (!/^\+\d{1,15}$/.test(prefix)) return [];
    const rows = await this.db
      .selectFrom('contacts')
      .select('id')
      .where('account_id', '=', accountId)
      .where('phone_number', '>=', prefix)
      .where('phone_number', '<=', prefix.padEnd(E164_LENGTH, '9'))
      .orderBy('phone_number')
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /** The account's lists whose name contains `text` (ignoring case), by name; an account has few lists. */
  listsNamed(accountId: number, text: string, limit: number): Promise<Array<{ id: number; list_name: string }>> {
    return this.db
      .selectFrom('contact_lists')
      .select(['id', 'list_name'])
      .where('account_id', '=', accountId)
      .where(() => containsIgnoringCase('list_name', text))
      .orderBy('list_name')
      .orderBy('id')
      .limit(limit)
      .execute();
  }
}
