import { Type, type TSchema, type TString } from '@sinclair/typebox';

/**
 * The postal address block ClickSend uses wherever an address appears (return addresses, postcard and letter
 * recipients, their records, detect-address): seven fields with these names. One list, so a new product
 * (direct mail) or a new record prints the same names; each use says what each field's schema is.
 */
export const ADDRESS_FIELDS = ['address_name', 'address_line_1', 'address_line_2', 'address_city', 'address_state', 'address_postal_code', 'address_country'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** ClickSend prints the block in records in alphabetical order (city, country, line_1, line_2, name, postal_code, state). */
const RECORD_ORDER: readonly AddressField[] = [...ADDRESS_FIELDS].sort();

type Fields<T extends TSchema, O extends Partial<Record<AddressField, TSchema>>> = { [K in AddressField]: K extends keyof O ? NonNullable<O[K]> : T };

/**
 * The seven address properties, each `base(field)` unless `overrides` gives its own schema, in form order
 * (name, lines, city, state, postal code, country: how requests list them) or record order (alphabetical: how
 * ClickSend's responses list them; response schemas also fix the order of the JSON keys).
 */
export function addressFields<T extends TSchema, O extends Partial<Record<AddressField, TSchema>> = Record<never, never>>(
  base: (field: AddressField) => T,
  overrides?: O,
  order: 'form' | 'record' = 'form',
): Fields<T, O> {
  const out: Record<string, TSchema> = {};
  for (const field of order === 'record' ? RECORD_ORDER : ADDRESS_FIELDS) out[field] = overrides?.[field] ?? base(field);
  return out as Fields<T, O>;
}

/** The block in a record (return address, postcard, letter): seven strings, alphabetical, as ClickSend prints it. */
export const addressRecordFields = (): Fields<TString, Record<never, never>> => addressFields(() => Type.String(), {}, 'record');

/** The address block as one schema (record shape). */
export const Address = Type.Object(addressRecordFields());
