import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryOf, parseAddressLines, type DetectedAddress } from './parse-address.js';

const parse = (...lines: string[]) => parseAddressLines(lines)!;
const fields = (a: Partial<DetectedAddress>): DetectedAddress => ({
  address_name: '',
  address_line_1: '',
  address_line_2: '',
  address_city: '',
  address_state: '',
  address_postal_code: '',
  address_country: '',
  ...a,
});

describe('parseAddressLines', () => {
  it('reads an Australian block: SUBURB STATE POSTCODE', () => {
    const r = parse('John Doe', '123 Main Street', 'Unit 4', 'PERTH WA 6000', 'AUSTRALIA');
    assert.deepEqual(
      r.address,
      fields({ address_name: 'John Doe', address_line_1: '123 Main Street', address_line_2: 'Unit 4', address_city: 'PERTH', address_state: 'WA', address_postal_code: '6000', address_country: 'AU' }),
    );
    assert.deepEqual(r.missing, []);
  });

  it('tells Australia from the state and 4-digit postcode when no country line is given', () => {
    assert.deepEqual(
      parse('Jane Citizen', '1 George St', 'Sydney, NSW 2000').address,
      fields({ address_name: 'Jane Citizen', address_line_1: '1 George St', address_city: 'Sydney', address_state: 'NSW', address_postal_code: '2000', address_country: 'AU' }),
    );
  });

  it('reads a US block: City, ST 12345(-6789)', () => {
    assert.deepEqual(
      parse('Homer Simpson', '742 Evergreen Terrace', 'Springfield, IL 62701-1234').address,
      fields({ address_name: 'Homer Simpson', address_line_1: '742 Evergreen Terrace', address_city: 'Springfield', address_state: 'IL', address_postal_code: '62701-1234', address_country: 'US' }),
    );
    assert.equal(parse('A B', '1 Main St', 'SEATTLE WA 98101', 'USA').address.address_country, 'US');
  });

  it('reads a Canadian block: CITY PR A1A 1A1, spacing the postal code', () => {
    assert.deepEqual(
      parse('Jean Tremblay', '100 Rue Sainte-Catherine', 'Montréal QC h2x1y4', 'Canada').address,
      fields({ address_name: 'Jean Tremblay', address_line_1: '100 Rue Sainte-Catherine', address_city: 'Montréal', address_state: 'QC', address_postal_code: 'H2X 1Y4', address_country: 'CA' }),
    );
  });

  it('reads a British block: POST TOWN and postcode on their own lines, with or without a county', () => {
    assert.deepEqual(
      parse('Sherlock Holmes', '221B Baker Street', 'LONDON', 'NW1 6XE', 'UNITED KINGDOM').address,
      fields({ address_name: 'Sherlock Holmes', address_line_1: '221B Baker Street', address_city: 'LONDON', address_postal_code: 'NW1 6XE', address_country: 'GB' }),
    );
    assert.deepEqual(
      parse('Mr A Smith', '1 High Street', 'GUILDFORD', 'Surrey', 'GU11AA').address,
      fields({ address_name: 'Mr A Smith', address_line_1: '1 High Street', address_city: 'GUILDFORD', address_state: 'Surrey', address_postal_code: 'GU1 1AA', address_country: 'GB' }),
    );
    assert.deepEqual(parse('Ms B Jones', '2 Queen St', 'EDINBURGH EH1 1AA').address.address_postal_code, 'EH1 1AA');
  });

  it('reads a New Zealand block: suburb line, then City 1234', () => {
    assert.deepEqual(
      parse('Kiri Te Kanawa', '12 Queen Street', 'Auckland Central', 'Auckland 1010', 'NEW ZEALAND').address,
      fields({ address_name: 'Kiri Te Kanawa', address_line_1: '12 Queen Street', address_line_2: 'Auckland Central', address_city: 'Auckland', address_postal_code: '1010', address_country: 'NZ' }),
    );
    assert.equal(parse('A', '1 Road', 'Wellington 6011').address.address_country, 'NZ', 'a 4-digit postcode without an Australian state');
  });

  it('treats a first line that starts with a number as the street (no name line)', () => {
    assert.deepEqual(
      parse('123 Main Street', 'Perth WA 6000').address,
      fields({ address_line_1: '123 Main Street', address_city: 'Perth', address_state: 'WA', address_postal_code: '6000', address_country: 'AU' }),
    );
  });

  it('returns what it could read and names what it could not', () => {
    const r = parse('Somebody', 'Somewhere without a postcode');
    assert.equal(r.address.address_name, 'Somebody');
    assert.equal(r.address.address_line_1, 'Somewhere without a postcode');
    assert.deepEqual(r.missing, ['address_city', 'address_postal_code', 'address_country']);
  });

  it('gives undefined for no text at all', () => {
    assert.equal(parseAddressLines(['', '  ']), undefined);
  });

  it('reads country lines by name or alias, never a two-letter state as a country', () => {
    assert.equal(countryOf('Australia'), 'AU');
    assert.equal(countryOf('UNITED STATES OF AMERICA'), 'US');
    assert.equal(countryOf('UK'), 'GB');
    assert.equal(countryOf('NZ'), undefined, 'other two-letter lines are not countries');
    assert.equal(countryOf('England'), 'GB');
    assert.equal(countryOf('WA'), undefined);
    assert.equal(countryOf('PERTH WA 6000'), undefined);
  });
});
