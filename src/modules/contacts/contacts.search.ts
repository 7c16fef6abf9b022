import type { CountryCode } from 'libphonenumber-js/max';
import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError } from '../../core/errors/index.js';
import { loadPhoneNumbers } from '../../core/messaging/recipients.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { ContactsRepository } from './contacts.repository.js';
import { presentContact } from './contacts.presenter.js';
import { ContactSearchRepository } from './contacts.search.repository.js';
import type { AccountCountry } from './contacts.service.js';

/**
 * Most contacts one search key contributes: the total of /search/contacts-lists counts at most this many per key
 * (a search box narrows by typing on; counting every "j…" of a million contacts would cost a scan).
 */
export const SEARCH_MATCH_CAP = 1000;
export const SUGGESTIONS_DEFAULT = 10;
export const SUGGESTIONS_MAX = 50;

/** One item of /search/contacts-lists, as ClickSend prints it. */
export interface SearchItem {
  contact: string | null;
  contacts_count: number | null;
  id: number;
  name: string;
  type: 'list' | 'contact';
}

const nameOf = (c: { first_name: string | null; last_name: string | null; organization_name: string | null }) => [c.first_name, c.last_name].filter(Boolean).join(' ') || c.organization_name || '';

/**
 * The E.164 prefixes a typed number can mean: "+61 4…" / "0061 4…" as written; "04…" as a national number of
 * the account's country (trunk 0 dropped); other digits both as international and as national.
 */
export function phonePrefixes(q: string, country: string): string[] {
  if (!/^[+\d\s().\-/]+$/.test(q)) return [];
  const digits = q.replace(/\D/g, '');
  if (digits.length < 2) return [];
  if (q.trimStart().startsWith('+')) return [`+${digits}`];
  if (digits.startsWith('00')) return [`+${digits.slice(2)}`];
  let cc: string | undefined;
  try {
    cc = loadPhoneNumbers().getCountryCallingCode(country as CountryCode);
  } catch {
    cc = undefined;
  }
  if (digits.startsWith('0')) return cc ? [`+${cc}${digits.slice(1)}`] : [];
  return cc ? [`+${digits}`, `+${cc}${digits}`] : [`+${digits}`];
}

/**
 * Contact search (/search/contacts-lists, /contact-suggestions). Matching rules: a contact matches when its
 * "first last" name, its last name or its e-mail STARTS WITH the query (ignoring case), or its phone number
 * starts with the query read as a number (see phonePrefixes). A list matches when its name CONTAINS the query.
 * Each is an index range: no scan of the address book.
 */
export class ContactSearch {
  private readonly sql: ContactSearchRepository;
  private readonly contacts: ContactsRepository;

  constructor(
    db: Db,
    private readonly accountCountry: AccountCountry,
  ) {
    this.sql = new ContactSearchRepository(db);
    this.contacts = new ContactsRepository(db);
  }

  /** Matching contact ids in result order (name, surname, e-mail, phone matches), each key cut at `perKey`. */
  private async contactIds(accountId: number, q: string, perKey: number): Promise<number[]> {
    const country = (await this.accountCountry(accountId)) ?? 'AU';
    const found = await Promise.all([
      this.sql.textPrefix(accountId, 'search_name', q, perKey),
      this.sql.textPrefix(accountId, 'search_last', q, perKey),
      this.sql.textPrefix(accountId, 'search_email', q, perKey),
      ...phonePrefixes(q, country).map((p) => this.sql.phonePrefix(accountId, p, perKey)),
    ]);
    return [...new Set(found.flat())];
  }

  /** A page of lists (first) and contacts matching q. */
  async search(auth: AuthContext, rawQ: string, page: PageRequest): Promise<{ items: SearchItem[]; total: number }> {
    const q = checkQuery(rawQ);
    const [lists, ids] = await Promise.all([this.sql.listsNamed(auth.accountId, q, SEARCH_MATCH_CAP), this.contactIds(auth.accountId, q, SEARCH_MATCH_CAP)]);
    const total = lists.length + ids.length;
    const pageLists = lists.slice(page.offset, page.offset + page.limit);
    const from = Math.max(0, page.offset - lists.length);
    const pageIds = ids.slice(from, from + page.limit - pageLists.length);
    const [counts, rows] = await Promise.all([this.contacts.countByList(pageLists.map((l) => Number(l.id))), this.contacts.contactsByIds(auth.accountId, pageIds)]);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const items: SearchItem[] = pageLists.map((l) => ({ contact: null, contacts_count: counts.get(Number(l.id)) ?? 0, id: Number(l.id), name: l.list_name, type: 'list' }));
    for (const id of pageIds) {
      const c = byId.get(id);
      if (c) items.push({ contact: c.phone_number ?? c.email ?? c.fax_number, contacts_count: null, id, name: nameOf(c), type: 'contact' });
    }
    return { items, total };
  }

  /** Up to `limit` contacts for a compose box, as contact records with their list's name. */
  async suggest(auth: AuthContext, rawQ: string, limit: number) {
    const q = checkQuery(rawQ);
    const ids = (await this.contactIds(auth.accountId, q, limit)).slice(0, limit);
    const rows = await this.contacts.contactsByIds(auth.accountId, ids);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return ids.flatMap((id) => {
      const c = byId.get(id);
      return c ? [presentContact(c, c.list_name)] : [];
    });
  }
}

function checkQuery(q: string): string {
  const t = q.trim();
  if (t === '') throw ApiError.badRequest('q must not be empty: give part of a name, number or e-mail.');
  return t;
}
