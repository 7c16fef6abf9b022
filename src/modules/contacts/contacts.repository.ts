import type { Transaction } from 'kysely';
import { isPostgres, type Database, type Db } from '../../core/db/index.js';
import { searchPage, type Search } from '../../core/search/index.js';
import { CONTACT_FIELDS, type ContactField } from './contact-fields.js';
import type { ContactFields, ContactListRow, NewContact, NewContactList } from './contacts.tables.js';
import './contacts.tables.js';

export type Exec = Db | Transaction<Database>;

/** What every contact read selects: the row without its search keys (computed, never shown). */
export const CONTACT_COLUMNS = ['id', 'account_id', 'list_id', ...CONTACT_FIELDS, 'created_at', 'updated_at'] as const;

export type StoredContact = { id: number; account_id: number; list_id: number; created_at: number; updated_at: number } & ContactFields;

/** How many ids an IN (...) list carries: well under SQLite's 32,766 bound parameters and PostgreSQL's 65,535. */
const IN_CHUNK = 500;

/**
 * SQL of the contacts module's tables (lists and their contacts), always scoped by account: another account's
 * list or contact is simply not found. Search SQL is in contacts.search.repository.ts.
 */
export class ContactsRepository {
  constructor(readonly db: Db) {}

  // Lists

  findList(accountId: number, listId: number, exec: Exec = this.db): Promise<ContactListRow | undefined> {
    return exec.selectFrom('contact_lists').selectAll().where('account_id', '=', accountId).where('id', '=', listId).executeTakeFirst();
  }

  listPage(accountId: number, search: Search, limit: number, offset: number): Promise<{ rows: ContactListRow[]; total: number }> {
    return searchPage<ContactListRow>(() => this.db.selectFrom('contact_lists').where('account_id', '=', accountId), search, limit, offset);
  }

  insertList(values: NewContactList, exec: Exec = this.db): Promise<ContactListRow> {
    return exec.insertInto('contact_lists').values(values).returningAll().executeTakeFirstOrThrow();
  }

  /** Renames the list and, when `isOptOut` is given, marks it an opt-out list or not. */
  updateList(accountId: number, listId: number, changes: { listName: string; isOptOut?: 0 | 1 }, now: number): Promise<ContactListRow | undefined> {
    return this.db
      .updateTable('contact_lists')
      .set({ list_name: changes.listName, updated_at: now, ...(changes.isOptOut === undefined ? {} : { is_opt_out: changes.isOptOut }) })
      .where('account_id', '=', accountId)
      .where('id', '=', listId)
      .returningAll()
      .executeTakeFirst();
  }

  /** Deletes the list; its contacts go with it (ON DELETE CASCADE). */
  async deleteList(accountId: number, listId: number): Promise<boolean> {
    const r = await this.db.deleteFrom('contact_lists').where('account_id', '=', accountId).where('id', '=', listId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The account's first opt-out list (the one STOP adds to). */
  firstOptOutList(accountId: number, exec: Exec = this.db): Promise<ContactListRow | undefined> {
    return exec.selectFrom('contact_lists').selectAll().where('account_id', '=', accountId).where('is_opt_out', '=', 1).orderBy('id').limit(1).executeTakeFirst();
  }

  /** Contacts per list, for the given lists (a list with none is absent from the map). */
  async countByList(listIds: readonly number[], exec: Exec = this.db): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (let i = 0; i < listIds.length; i += IN_CHUNK) {
      const rows = await exec
        .selectFrom('contacts')
        .select(['list_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('list_id', 'in', listIds.slice(i, i + IN_CHUNK))
        .groupBy('list_id')
        .execute();
      for (const r of rows) counts.set(Number(r.list_id), Number(r.n));
    }
    return counts;
  }

  // Contacts

  findContact(accountId: number, listId: number, contactId: number, exec: Exec = this.db): Promise<StoredContact | undefined> {
    return exec.selectFrom('contacts').select(CONTACT_COLUMNS).where('account_id', '=', accountId).where('list_id', '=', listId).where('id', '=', contactId).executeTakeFirst() as Promise<
      StoredContact | undefined
    >;
  }

  /** One page of a list, oldest first; `updatedAfter` keeps contacts changed after that unix second. */
  async contactPage(listId: number, updatedAfter: number | undefined, limit: number, offset: number): Promise<{ rows: StoredContact[]; total: number }> {
    const scoped = () => {
      const q = this.db.selectFrom('contacts').where('list_id', '=', listId);
      return updatedAfter === undefined ? q : q.where('updated_at', '>', updatedAfter);
    };
    const [rows, count] = await Promise.all([
      scoped().select(CONTACT_COLUMNS).orderBy('id').limit(limit).offset(offset).execute(),
      scoped()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as StoredContact[], total: Number(count.n) };
  }

  /** Up to `limit` contacts of the list after `afterId`, in id order: a keyset cursor (exports, list sends). */
  keysetPage(listId: number, afterId: number, limit: number, exec: Exec = this.db): Promise<StoredContact[]> {
    return exec.selectFrom('contacts').select(CONTACT_COLUMNS).where('list_id', '=', listId).where('id', '>', afterId).orderBy('id').limit(limit).execute() as Promise<StoredContact[]>;
  }

  /** Contacts by id, only the account's (search results). */
  async contactsByIds(accountId: number, ids: readonly number[]): Promise<Array<StoredContact & { list_name: string }>> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('contacts')
      .innerJoin('contact_lists', 'contact_lists.id', 'contacts.list_id')
      .select([...CONTACT_COLUMNS.map((c) => `contacts.${c}` as const), 'contact_lists.list_name'])
      .where('contacts.account_id', '=', accountId)
      .where('contacts.id', 'in', [...ids])
      .execute();
    return rows as Array<StoredContact & { list_name: string }>;
  }

  insertContact(values: NewContact, exec: Exec = this.db): Promise<StoredContact> {
    return exec.insertInto('contacts').values(values).returning(CONTACT_COLUMNS).executeTakeFirstOrThrow() as Promise<StoredContact>;
  }

  updateContact(accountId: number, listId: number, contactId: number, fields: ContactFields, now: number): Promise<StoredContact | undefined> {
    return this.db
      .updateTable('contacts')
      .set({ ...fields, updated_at: now })
      .where('account_id', '=', accountId)
      .where('list_id', '=', listId)
      .where('id', '=', contactId)
      .returning(CONTACT_COLUMNS)
      .executeTakeFirst() as Promise<StoredContact | undefined>;
  }

  moveContact(accountId: number, fromListId: number, contactId: number, toListId: number, now: number): Promise<StoredContact | undefined> {
    return this.db
      .updateTable('contacts')
      .set({ list_id: toListId, updated_at: now })
      .where('account_id', '=', accountId)
      .where('list_id', '=', fromListId)
      .where('id', '=', contactId)
      .returning(CONTACT_COLUMNS)
      .executeTakeFirst() as Promise<StoredContact | undefined>;
  }

  /**
   * The account's list, its row locked until `trx` ends (PostgreSQL; SQLite has one writer at a time): changes that
   * check the list's contacts first ("is the replier in it?") then write take turns, so two never both add one.
   */
  lockList(trx: Transaction<Database>, accountId: number, listId: number): Promise<ContactListRow | undefined> {
    const q = trx.selectFrom('contact_lists').selectAll().where('account_id', '=', accountId).where('id', '=', listId);
    return (isPostgres(trx) ? q.forUpdate() : q).executeTakeFirst();
  }

  /** The account's contacts with this number outside its opt-out lists, oldest first (automation rules' contact actions): the (account_id, phone_number) index. */
  contactsByPhone(exec: Exec, accountId: number, phone: string): Promise<StoredContact[]> {
    return exec
      .selectFrom('contacts')
      .innerJoin('contact_lists', 'contact_lists.id', 'contacts.list_id')
      .select(CONTACT_COLUMNS.map((c) => `contacts.${c}` as const))
      .where('contacts.account_id', '=', accountId)
      .where('contacts.phone_number', '=', phone)
      .where('contact_lists.is_opt_out', '=', 0)
      .orderBy('contacts.id')
      .execute() as Promise<StoredContact[]>;
  }

  /** Moves the account's contacts (by id) to a list. */
  async moveContactsTo(exec: Exec, accountId: number, ids: readonly number[], toListId: number, now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await exec
      .updateTable('contacts')
      .set({ list_id: toListId, updated_at: now })
      .where('account_id', '=', accountId)
      .where('id', 'in', [...ids])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async deleteContactsByIds(exec: Exec, accountId: number, ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await exec
      .deleteFrom('contacts')
      .where('account_id', '=', accountId)
      .where('id', 'in', [...ids])
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Sets some fields of one of the account's contacts. */
  async patchContact(exec: Exec, accountId: number, contactId: number, fields: Partial<ContactFields>, now: number): Promise<void> {
    await exec
      .updateTable('contacts')
      .set({ ...fields, updated_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', contactId)
      .execute();
  }

  async deleteContact(accountId: number, listId: number, contactId: number): Promise<boolean> {
    const r = await this.db.deleteFrom('contacts').where('account_id', '=', accountId).where('list_id', '=', listId).where('id', '=', contactId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The last contact id of the next `size` contacts of the list after `afterId` (a chunk of a list-wide job), or null at the end. */
  async chunkEnd(listId: number, afterId: number, size: number): Promise<number | null> {
    const rows = await this.db.selectFrom('contacts').select('id').where('list_id', '=', listId).where('id', '>', afterId).orderBy('id').limit(size).execute();
    return rows.length ? Number(rows[rows.length - 1]!.id) : null;
  }

  /**
   * Deletes the contacts of the list with ids in (afterId, lastId] that have the same non-empty value in `key` as
   * an older contact of the list: the oldest of each value stays, whatever chunk it is in. Each row's check is one
   * lookup in the (account_id, key) index, so a chunk costs its own size, never the list's.
   */
  async deleteDuplicatesIn(accountId: number, listId: number, key: 'phone_number' | 'search_email', afterId: number, lastId: number): Promise<number> {
    const r = await this.db
      .deleteFrom('contacts')
      .where('list_id', '=', listId)
      .where('id', '>', afterId)
      .where('id', '<=', lastId)
      .where(key, 'is not', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('contacts as o')
            .select('o.id')
            .where('o.account_id', '=', accountId)
            .whereRef(`o.${key}`, '=', `contacts.${key}`)
            .where('o.list_id', '=', listId)
            .whereRef('o.id', '<', 'contacts.id'),
        ),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * The same for fields no index leads with (names, address, custom fields), or for several fields compared together
   * (a duplicate has the same values in all of them): one statement grouping the list by the fields (a sort of the
   * list). Only when a caller selects such fields. E-mails compare ignoring case (search_email).
   */
  async deleteDuplicatesGrouped(listId: number, fields: readonly ContactField[]): Promise<number> {
    const keys = fields.map((f) => (f === 'email' ? 'search_email' : f));
    const r = await this.db
      .deleteFrom('contacts')
      .where('list_id', '=', listId)
      .where((eb) => eb.and(keys.map((k) => eb(k, 'is not', null))))
      .where('id', 'not in', (eb) =>
        eb
          .selectFrom('contacts')
          .select((e) => e.fn.min<number>('id').as('id'))
          .where('list_id', '=', listId)
          .where((e) => e.and(keys.map((k) => e(k, 'is not', null))))
          .groupBy(keys),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Deletes the contacts of `listId` with ids in (afterId, lastId] whose phone number, or e-mail ignoring case, is
   * in `optOutListId`: per row one lookup in the (account_id, phone_number) and (account_id, search_email) indexes.
   */
  async deleteOptedOutIn(accountId: number, listId: number, optOutListId: number, afterId: number, lastId: number): Promise<number> {
    const inOptOut = (key: 'phone_number' | 'search_email') => (eb: any) =>
      eb.exists(eb.selectFrom('contacts as o').select('o.id').where('o.account_id', '=', accountId).whereRef(`o.${key}`, '=', `contacts.${key}`).where('o.list_id', '=', optOutListId));
    const r = await this.db
      .deleteFrom('contacts')
      .where('list_id', '=', listId)
      .where('id', '>', afterId)
      .where('id', '<=', lastId)
      .where((eb) => eb.or([eb.and([eb('phone_number', 'is not', null), inOptOut('phone_number')(eb)]), eb.and([eb('search_email', 'is not', null), inOptOut('search_email')(eb)])]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Which of the phone numbers (E.164, exact) and e-mails (ignoring case; given lower-cased) are in one of the
   * account's opt-out lists. Through the (account_id, phone_number) and (account_id, search_email) indexes.
   */
  async optedOut(exec: Exec, accountId: number, phones: readonly string[], emailsLower: readonly string[]): Promise<{ phones: Set<string>; emails: Set<string> }> {
    const found = { phones: new Set<string>(), emails: new Set<string>() };
    const optOutLists = (eb: any) => eb.selectFrom('contact_lists').select('contact_lists.id').where('contact_lists.account_id', '=', accountId).where('contact_lists.is_opt_out', '=', 1);
    for (let i = 0; i < phones.length; i += IN_CHUNK) {
      const rows = await exec
        .selectFrom('contacts')
        .select('phone_number')
        .distinct()
        .where('account_id', '=', accountId)
        .where('phone_number', 'in', phones.slice(i, i + IN_CHUNK))
        .where('list_id', 'in', optOutLists)
        .execute();
      for (const r of rows) if (r.phone_number) found.phones.add(r.phone_number);
    }
    for (let i = 0; i < emailsLower.length; i += IN_CHUNK) {
      const rows = await exec
        .selectFrom('contacts')
        .select('search_email')
        .distinct()
        .where('account_id', '=', accountId)
        .where('search_email', 'in', emailsLower.slice(i, i + IN_CHUNK))
        .where('list_id', 'in', optOutLists)
        .execute();
      for (const r of rows) if (r.search_email) found.emails.add(r.search_email);
    }
    return found;
  }

  /** Whether the list holds the phone number (E.164) or the e-mail (ignoring case). */
  async listHolds(exec: Exec, accountId: number, listId: number, address: { phone: string } | { emailLower: string }): Promise<boolean> {
    const q = exec.selectFrom('contacts').select('id').where('account_id', '=', accountId).where('list_id', '=', listId);
    const row = await ('phone' in address ? q.where('phone_number', '=', address.phone) : q.where('search_email', '=', address.emailLower)).limit(1).executeTakeFirst();
    return row !== undefined;
  }
}
