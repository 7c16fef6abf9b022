import type { ListContact } from './ports.js';

/**
 * Personalisation: a body (or subject, or any text of a message) filled from the contact it goes to. The same
 * for every channel, pure, one regular-expression pass with no work at all for text without a bracket.
 *
 * ClickSend documents two spellings, both accepted here, case-insensitively:
 * - round brackets with the dashboard's labels: "Hi (First Name), invoice number (Cust. 1) is now due."
 *   (help.clicksend.com/en/articles/42197-personalise-sms-with-placeholders; MMS campaign bodies show "(First Name)");
 * - curly brackets without spaces: "{FirstName}", "{CustomString1}"
 *   (help.clicksend.com/en/articles/42306-placeholders-and-personalisation: "They work across SMS, email, voice,
 *   letters, and fax").
 * Sendbox adds our column names in curly brackets ("{first_name}", "{custom_1}", "{phone_number}"): the same
 * lookup, as names are compared without case, spaces, dots, dashes or underscores.
 *
 * Only names of contact fields are placeholders: other bracketed text ("(Geolocation)", "(see below)", "{x}")
 * is left as typed. A field the contact lacks becomes "" (ClickSend's preview shows nothing for it).
 */

type Field = Exclude<keyof ListContact, 'contact_id' | 'list_id'>;

/** Placeholder names, normalised (lower case, letters and digits only), to the contact field they read. */
const NAMES: ReadonlyMap<string, Field> = (() => {
  const m = new Map<string, Field>();
  const add = (field: Field, ...names: string[]) => {
    for (const n of names) m.set(n, field);
  };
  // Deliberately no bare "(Name)" or "(Number)": words people put in brackets in ordinary text.
  add('first_name', 'firstname');
  add('last_name', 'lastname', 'surname');
  add('phone_number', 'phonenumber', 'phone', 'mobile', 'mobilenumber', 'contactnumber');
  add('email', 'email', 'emailaddress');
  add('fax_number', 'faxnumber', 'fax');
  add('organization_name', 'organizationname', 'organisationname', 'organization', 'organisation', 'company', 'companyname');
  add('address_line_1', 'addressline1', 'address1', 'address');
  add('address_line_2', 'addressline2', 'address2');
  add('address_city', 'addresscity', 'city', 'suburb');
  add('address_state', 'addressstate', 'state');
  add('address_postal_code', 'addresspostalcode', 'postalcode', 'postcode', 'zip', 'zipcode');
  add('address_country', 'addresscountry', 'country');
  for (const i of [1, 2, 3, 4] as const) {
    // "(Cust. 1)" is the dashboard's label; "{CustomString1}" the help centre's; custom_1 our column.
    add(`custom_${i}`, `cust${i}`, `custom${i}`, `customstring${i}`, `customfield${i}`);
  }
  return m;
})();

// "(First Name)" or "{FirstName}": matching brackets around a short name of letters, digits, spaces, dots, dashes, underscores.
const PLACEHOLDER = /\(([A-Za-z][A-Za-z0-9 ._-]{0,29})\)|\{([A-Za-z][A-Za-z0-9 ._-]{0,29})\}/g;
const NOT_NAME = /[^a-z0-9]/g;

/** The contact field a placeholder name reads ("First Name", "Cust. 1", "CustomString1", "first_name"), or undefined. */
export function placeholderField(name: string): Field | undefined {
  return NAMES.get(name.toLowerCase().replace(NOT_NAME, ''));
}

/**
 * `text` with every placeholder replaced by the contact's field ("" when the contact has none). Without a
 * contact (a message to a plain `to`) the text is returned unchanged: "(First Name)" typed there stays.
 */
export function fillPlaceholders(text: string, contact: ListContact | null | undefined): string {
  if (!contact || (text.indexOf('(') < 0 && text.indexOf('{') < 0)) return text;
  return text.replace(PLACEHOLDER, (whole: string, round: string | undefined, curly: string | undefined) => {
    const field = placeholderField(round ?? curly ?? '');
    return field === undefined ? whole : (contact[field] ?? '');
  });
}
