import type { ContactListRow } from './contacts.tables.js';
import type { StoredContact } from './contacts.repository.js';

/** A list as ClickSend prints it, plus `_opt_out` (0/1, like ClickSend's other flags): an opt-out list. */
export function presentList(row: ContactListRow, contactsCount: number) {
  return {
    _contacts_count: contactsCount,
    _opt_out: Number(row.is_opt_out) === 1 ? 1 : 0,
    list_email_id: row.list_email_id,
    list_id: Number(row.id),
    list_name: row.list_name,
  };
}
export type ListRecord = ReturnType<typeof presentList>;

// ClickSend prints custom fields a contact does not have as "" and the other empty fields as null.
const custom = (v: string | null) => v ?? '';

/** A contact as ClickSend prints it (the documented example's fields, in its order; times as strings). */
export function presentContact(c: StoredContact, listName: string) {
  return {
    _list_name: listName,
    address_city: c.address_city,
    address_country: c.address_country,
    address_line_1: c.address_line_1,
    address_line_2: c.address_line_2,
    address_postal_code: c.address_postal_code,
    address_state: c.address_state,
    contact_id: Number(c.id),
    custom_1: custom(c.custom_1),
    custom_2: custom(c.custom_2),
    custom_3: custom(c.custom_3),
    custom_4: custom(c.custom_4),
    // ClickSend prints the contact's times as strings of unix seconds.
    date_added: String(c.created_at),
    date_updated: String(c.updated_at),
    email: c.email,
    fax_number: c.fax_number,
    first_name: c.first_name,
    last_name: c.last_name,
    list_id: Number(c.list_id),
    organization_name: c.organization_name,
    phone_number: c.phone_number,
  };
}
export type ContactRecord = ReturnType<typeof presentContact>;
