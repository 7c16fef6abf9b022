import type { AuthContext } from '../../core/auth/index.js';
import { ApiError, notFoundById } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { CONTACT_FIELDS, normaliseContact, type ContactField, type ContactInput } from './contact-fields.js';
import { presentContact } from './contacts.presenter.js';
import type { ContactsRepository, StoredContact } from './contacts.repository.js';
import type { ContactBody, DuplicatesBody } from './contacts.schemas.js';
import type { ContactFields } from './contacts.tables.js';
import type { ListsService } from './lists.service.js';

/** The account's country (ISO alpha-2): local phone and fax numbers are read in it. */
export type AccountCountry = (accountId: number) => Promise<string | undefined>;

// The rule: duplicates are contacts with the same phone number, e-mail or fax.
const DEFAULT_DUPLICATE_FIELDS: readonly ContactField[] = ['phone_number', 'email', 'fax_number'];

/** Contacts per statement of a list-wide delete. */
const CHUNK = 5000;

const selected = (v: unknown) => v !== undefined && v !== null && v !== false && v !== 0 && v !== '' && v !== '0' && v !== 'false';

/** Contacts inside a list (/lists/{id}/contacts…), list-wide clean-ups. */
export class ContactsService {
  constructor(
    private readonly repo: ContactsRepository,
    private readonly lists: ListsService,
    private readonly clock: Clock,
    private readonly accountCountry: AccountCountry,
  ) {}

  async page(auth: AuthContext, listId: number, page: PageRequest, updatedAfter: number | undefined) {
    const list = await this.lists.mustFind(auth.accountId, listId);
    const { rows, total } = await this.repo.contactPage(Number(list.id), updatedAfter, page.limit, page.offset);
    return { items: rows.map((c) => presentContact(c, list.list_name)), total };
  }

  async get(auth: AuthContext, listId: number, contactId: number) {
    const list = await this.lists.mustFind(auth.accountId, listId);
    return presentContact(await this.mustFind(auth.accountId, listId, contactId), list.list_name);
  }

  async create(auth: AuthContext, listId: number, input: ContactBody) {
    const list = await this.lists.mustFind(auth.accountId, listId);
    const fields = await this.normalise(auth.accountId, input);
    const now = unixSeconds(this.clock);
    const row = await this.repo.insertContact({ account_id: auth.accountId, list_id: Number(list.id), ...fields, created_at: now, updated_at: now });
    return presentContact(row, list.list_name);
  }

  /** Changes the given fields; the others keep their values ("" or null clears one). */
  async update(auth: AuthContext, listId: number, contactId: number, input: ContactBody) {
    const list = await this.lists.mustFind(auth.accountId, listId);
    const stored = await this.mustFind(auth.accountId, listId, contactId);
    const merged: ContactInput = {};
    for (const f of CONTACT_FIELDS) merged[f] = input[f] !== undefined ? input[f] : stored[f];
    const fields = await this.normalise(auth.accountId, merged);
    const row = await this.repo.updateContact(auth.accountId, listId, contactId, fields, unixSeconds(this.clock));
    if (!row) throw notFoundById('Contact', contactId);
    return presentContact(row, list.list_name);
  }

  async remove(auth: AuthContext, listId: number, contactId: number) {
    await this.lists.mustFind(auth.accountId, listId);
    if (!(await this.repo.deleteContact(auth.accountId, listId, contactId))) throw notFoundById('Contact', contactId);
  }

  /** A copy of the contact in another of the account's lists (a new contact_id, added now). */
  async copy(auth: AuthContext, fromListId: number, contactId: number, toListId: number) {
    await this.lists.mustFind(auth.accountId, fromListId);
    const to = await this.lists.mustFind(auth.accountId, toListId);
    const c = await this.mustFind(auth.accountId, fromListId, contactId);
    const now = unixSeconds(this.clock);
    const row = await this.repo.insertContact({ account_id: auth.accountId, list_id: Number(to.id), ...fieldsOf(c), created_at: now, updated_at: now });
    return presentContact(row, to.list_name);
  }

  /** Moves the contact to another of the account's lists (same contact_id). */
  async transfer(auth: AuthContext, fromListId: number, contactId: number, toListId: number) {
    await this.lists.mustFind(auth.accountId, fromListId);
    const to = await this.lists.mustFind(auth.accountId, toListId);
    const row = await this.repo.moveContact(auth.accountId, fromListId, contactId, Number(to.id), unixSeconds(this.clock));
    if (!row) throw notFoundById('Contact', contactId);
    return presentContact(row, to.list_name);
  }

  /**
   * Deletes the list's duplicates; the oldest of each value stays. Without `fields`, a contact goes when an older
   * contact of the list has the same non-empty phone_number, email or fax_number (any one of them; e-mails ignoring
   * case), in chunks with a turn of the event loop between them. With `fields`, a contact goes when an older one has
   * the same values in every selected field: selecting first_name and last_name removes namesakes, never everyone
   * who shares a first name.
   */
  async removeDuplicates(auth: AuthContext, listId: number, body: DuplicatesBody | undefined) {
    const list = await this.lists.mustFind(auth.accountId, listId);
    const id = Number(list.id);
    const given = body?.fields ?? {};
    const named = CONTACT_FIELDS.filter((f) => selected(given[f]));
    if (named.length > 1) return { deleted: await this.repo.deleteDuplicatesGrouped(id, named) };
    let deleted = 0;
    for (const f of named.length > 0 ? named : DEFAULT_DUPLICATE_FIELDS) {
      if (f === 'phone_number' || f === 'email') {
        const key = f === 'email' ? 'search_email' : 'phone_number';
        deleted += await this.inChunks(id, (after, last) => this.repo.deleteDuplicatesIn(auth.accountId, id, key, after, last));
      } else {
        deleted += await this.repo.deleteDuplicatesGrouped(id, [f]);
      }
    }
    return { deleted };
  }

  /** Deletes the list's contacts whose phone number or e-mail is in the other list (usually an opt-out list). */
  async removeOptedOut(auth: AuthContext, listId: number, optOutListId: number) {
    const list = await this.lists.mustFind(auth.accountId, listId);
    const optOut = await this.lists.mustFind(auth.accountId, optOutListId);
    if (Number(list.id) === Number(optOut.id)) throw ApiError.badRequest('opt_out_list_id must be another list than list_id.');
    const id = Number(list.id);
    return { deleted: await this.inChunks(id, (after, last) => this.repo.deleteOptedOutIn(auth.accountId, id, Number(optOut.id), after, last)) };
  }

  /**
   * Runs a list-wide delete over contact_id chunks, each its own statement (no transaction: on SQLite one would
   * hold the only connection for the whole list), yielding to the event loop between chunks; sums the counts.
   * Safe to stop midway: each chunk leaves the list consistent, and running it again finishes the job.
   */
  private async inChunks(listId: number, run: (afterId: number, lastId: number) => Promise<number>): Promise<number> {
    let deleted = 0;
    for (let after = 0; ; ) {
      const last = await this.repo.chunkEnd(listId, after, CHUNK);
      if (last === null) return deleted;
      deleted += await run(after, last);
      after = last;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async mustFind(accountId: number, listId: number, contactId: number): Promise<StoredContact> {
    const c = await this.repo.findContact(accountId, listId, contactId);
    if (!c) throw notFoundById('Contact', contactId);
    return c;
  }

  private async normalise(accountId: number, input: ContactInput): Promise<ContactFields> {
    const accountCountry = (await this.accountCountry(accountId)) ?? 'AU';
    const r = normaliseContact(input, { accountCountry, mode: 'create' });
    if (!r.ok) throw ApiError.badRequest(r.message);
    return r.fields;
  }
}

function fieldsOf(c: StoredContact): ContactFields {
  const out = {} as ContactFields;
  for (const f of CONTACT_FIELDS) out[f] = c[f];
  return out;
}
