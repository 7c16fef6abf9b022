import type { Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';
import type { ListContact } from '../../core/messaging/index.js';

/*
 * The contacts module's tables. Times are unix seconds. Text fields are null when not given (ClickSend prints
 * null for them), phone and fax numbers are E.164, address_country ISO 3166-1 alpha-2 upper case.
 */

/** A contact list (/lists). Belongs to the account; every key with access_contacts sees it. */
export interface ContactListsTable {
  id: Generated<number>;
  account_id: number;
  /** The key that created it. */
  subaccount_id: number | null;
  list_name: string;
  /** 16 upper-case letters and digits, unique: ClickSend's address for email-to-list (`list_email_id`). */
  list_email_id: string;
  /** 1 = an opt-out list (`_opt_out`): numbers and addresses in it are never sent to. STOP adds to the account's first. */
  is_opt_out: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** The text fields of a contact, as ClickSend names them: the message core's ListContact (what a list send reads) without its ids. */
export type ContactFields = Omit<ListContact, 'contact_id' | 'list_id'>;

/** One contact in one list (a copy to another list is another row). */
export interface ContactsTable extends ContactFields {
  id: Generated<number>;
  account_id: number;
  list_id: number;
  /** `date_added`. */
  created_at: number;
  /** `date_updated`; what `updated_after` filters on. */
  updated_at: number;
  /** Search keys computed by the database (migration 0015), never written: lower("first last"), lower(last), lower(email). */
  search_name: GeneratedAlways<string | null>;
  search_last: GeneratedAlways<string | null>;
  search_email: GeneratedAlways<string | null>;
}

export type ContactListRow = Selectable<ContactListsTable>;
export type NewContactList = Insertable<ContactListsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    contact_lists: ContactListsTable;
    contacts: ContactsTable;
  }
}
