import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillPlaceholders, placeholderField } from './placeholders.js';
import type { ListContact } from './ports.js';

function contact(fields: Partial<ListContact> = {}): ListContact {
  return {
    contact_id: 7,
    list_id: 3,
    phone_number: '+61411111111',
    email: 'jack@example.com',
    fax_number: '+61261111111',
    first_name: 'Jack',
    last_name: 'Smith',
    organization_name: 'Acme',
    address_line_1: '1 Main St',
    address_line_2: 'Level 2',
    address_city: 'Perth',
    address_state: 'WA',
    address_postal_code: '6000',
    address_country: 'AU',
    custom_1: 'A123441',
    custom_2: '$698',
    custom_3: 'three',
    custom_4: 'four',
    ...fields,
  };
}

describe('fillPlaceholders', () => {
  it("fills the help centre's round-bracket example", () => {
    const body = 'Hi (First Name), invoice number (Cust. 1) is now due. Please pay the amount of (Cust. 2) as soon as possible. Thank you.';
    assert.equal(fillPlaceholders(body, contact()), 'Hi Jack, invoice number A123441 is now due. Please pay the amount of $698 as soon as possible. Thank you.');
  });

  it('fills the curly form and our column names, ignoring case', () => {
    assert.equal(fillPlaceholders('{FirstName} {LASTNAME}: {CustomString1}/{custom_4}/{first_name}', contact()), 'Jack Smith: A123441/four/Jack');
    assert.equal(fillPlaceholders('(first name) (LAST NAME) (cust.3) (Custom 2)', contact()), 'Jack Smith three $698');
  });

  it('fills every contact field under its obvious names', () => {
    const c = contact();
    const cases: Array<[string, string]> = [
      ['(Phone)', c.phone_number!],
      ['(Mobile)', c.phone_number!],
      ['{PhoneNumber}', c.phone_number!],
      ['(Email)', c.email!],
      ['{email_address}', c.email!],
      ['(Fax)', c.fax_number!],
      ['(Organization)', 'Acme'],
      ['(Company)', 'Acme'],
      ['{organisation_name}', 'Acme'],
      ['(Address Line 1)', '1 Main St'],
      ['(Address Line 2)', 'Level 2'],
      ['(City)', 'Perth'],
      ['(State)', 'WA'],
      ['(Postcode)', '6000'],
      ['{address_postal_code}', '6000'],
      ['(Zip Code)', '6000'],
      ['(Country)', 'AU'],
    ];
    for (const [text, want] of cases) assert.equal(fillPlaceholders(text, c), want, text);
  });

  it('turns a field the contact lacks into an empty string', () => {
    assert.equal(fillPlaceholders('Hi (First Name)!', contact({ first_name: null })), 'Hi !');
    assert.equal(fillPlaceholders('{CustomString3}.', contact({ custom_3: null })), '.');
  });

  it('leaves bracketed text that names no field as typed', () => {
    const text = 'Reply (Y) or (see below) {x} (Geolocation) (Name) (First Name} {First Name) () {}';
    assert.equal(fillPlaceholders(text, contact()), text);
  });

  it('changes nothing without a contact: "(First Name)" typed to a plain `to` stays', () => {
    assert.equal(fillPlaceholders('Hi (First Name) {FirstName}', null), 'Hi (First Name) {FirstName}');
    assert.equal(fillPlaceholders('Hi (First Name)', undefined), 'Hi (First Name)');
  });

  it('fills a value once: a value that looks like a placeholder is not filled again', () => {
    assert.equal(fillPlaceholders('(First Name)', contact({ first_name: '(Last Name)' })), '(Last Name)');
  });

  it('names the field a placeholder reads', () => {
    assert.equal(placeholderField('Cust. 4'), 'custom_4');
    assert.equal(placeholderField('CustomString2'), 'custom_2');
    assert.equal(placeholderField('nobody'), undefined);
  });
});
