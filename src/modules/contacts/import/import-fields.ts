import { ApiError } from '../../../core/errors/index.js';
import { CONTACT_FIELDS, type ContactField } from '../contact-fields.js';

/**
 * The fields field_order may name. ClickSend's import-fields example names the phone "phone" (label "Phone"), not
 * phone_number as its contact records do: we list ClickSend's short names and accept both those and our column names.
 */
const SHORT_NAME: Partial<Record<ContactField, string>> = { phone_number: 'phone', fax_number: 'fax' };

const LABEL: Record<ContactField, string> = {
  phone_number: 'Phone',
  first_name: 'First Name',
  last_name: 'Last Name',
  email: 'Email',
  fax_number: 'Fax',
  organization_name: 'Organization',
  address_line_1: 'Address Line 1',
  address_line_2: 'Address Line 2',
  address_city: 'City',
  address_state: 'State',
  address_postal_code: 'Postal Code',
  address_country: 'Country',
  custom_1: 'Custom 1',
  custom_2: 'Custom 2',
  custom_3: 'Custom 3',
  custom_4: 'Custom 4',
};

/** GET /lists/{id}/import-fields: every contact field, ClickSend's name first, our column as `_contact_field`. */
export const IMPORT_FIELDS = CONTACT_FIELDS.map((f) => ({ field: SHORT_NAME[f] ?? f, label: LABEL[f], _contact_field: f }));

/** Entries of field_order that leave a column out of the import. */
const IGNORED = new Set(['', 'ignore', 'skip', 'none', '-']);

const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Every way of naming a field in field_order (and in a header row): short name, column name, label, all case-blind. */
const BY_NAME = new Map<string, ContactField>();
for (const f of CONTACT_FIELDS) {
  for (const name of [f, SHORT_NAME[f], LABEL[f]]) if (name) BY_NAME.set(key(name), f);
}

/** Header cells people write that are not our names: enough to tell a header row from a contact. */
const HEADER_WORDS = new Set(
  [
    'mobile',
    'mobile number',
    'phone number',
    'telephone',
    'tel',
    'cell',
    'name',
    'firstname',
    'surname',
    'family name',
    'e-mail',
    'e-mail address',
    'email address',
    'company',
    'organisation',
    'zip',
    'postcode',
    'city',
    'state',
    'country',
    'fax number',
  ].map(key),
);

/** Whether a cell reads as a column title (a field's name or label, or a common heading). */
export function isHeaderWord(cell: string): boolean {
  const k = key(cell);
  return k !== '' && (BY_NAME.has(k) || HEADER_WORDS.has(k));
}

/** Fields one of which a row needs for normaliseContact's create mode to accept it. */
const REACHABLE: readonly ContactField[] = ['phone_number', 'email', 'fax_number', 'address_line_1'];

/**
 * field_order as the contact field of each column (null = ignored). Refuses, naming the entry: an unknown name,
 * a field given twice, and an order that maps none of phone, email, fax or address_line_1 (no row could be imported).
 */
export function resolveFieldOrder(order: readonly string[], listId: number): (ContactField | null)[] {
  const seen = new Map<ContactField, number>();
  const out = order.map((raw, i) => {
    const name = raw.trim();
    if (IGNORED.has(name.toLowerCase())) return null;
    const field = BY_NAME.get(key(name));
    if (!field) {
      throw ApiError.badRequest(
        `field_order[${i}] "${name.slice(0, 60)}" is not a contact field; use one of ${IMPORT_FIELDS.map((f) => f.field).join(', ')} (see GET /lists/${listId}/import-fields), or "" to ignore the column.`,
      );
    }
    const before = seen.get(field);
    if (before !== undefined) throw ApiError.badRequest(`field_order[${i}] "${name}" maps ${field} again (field_order[${before}] already does); map each field once.`);
    seen.set(field, i);
    return field;
  });
  if (!REACHABLE.some((f) => seen.has(f))) {
    throw ApiError.badRequest('field_order maps none of phone, email, fax or address_line_1; a contact needs at least one of them, so no row could be imported.');
  }
  return out;
}
