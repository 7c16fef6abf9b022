import { Type, type Static } from '@sinclair/typebox';
import { CONTACT_FIELDS } from './contact-fields.js';
import { ImportStatus } from './import/index.js';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const ListRecord = Type.Object({
  _contacts_count: Type.Integer(),
  _opt_out: Type.Integer({ description: 'Additive: 1 for an opt-out list (numbers and addresses in it are never sent to), else 0.' }),
  list_email_id: Type.String(),
  list_id: Type.Integer(),
  list_name: Type.String(),
  _import: Type.Optional(ImportStatus),
});

/** `_opt_out` as callers send flags: true/false or 1/0 (and their strings). */
const OptOutFlag = Type.Union([Type.Boolean(), Type.Integer({ minimum: 0, maximum: 1 }), Type.Union([Type.Literal('0'), Type.Literal('1'), Type.Literal('true'), Type.Literal('false')])], {
  description: 'Additive: true (or 1) makes it an opt-out list: its numbers and addresses are never sent to.',
});

export const ListBody = Type.Object({
  list_name: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the list.' }),
  _opt_out: Type.Optional(OptOutFlag),
});
export type ListBody = Static<typeof ListBody>;

export const ListIdParams = Type.Object({ list_id: Id });
export const ContactIdParams = Type.Object({ list_id: Id, contact_id: Id });
export const MoveParams = Type.Object({ from_list_id: Id, contact_id: Id, to_list_id: Id });
export const OptOutParams = Type.Object({ list_id: Id, opt_out_list_id: Id });

export const ContactRecord = Type.Object({
  _list_name: Type.String(),
  address_city: NullableString,
  address_country: NullableString,
  address_line_1: NullableString,
  address_line_2: NullableString,
  address_postal_code: NullableString,
  address_state: NullableString,
  contact_id: Type.Integer(),
  custom_1: Type.String(),
  custom_2: Type.String(),
  custom_3: Type.String(),
  custom_4: Type.String(),
  date_added: Type.String(),
  date_updated: Type.String(),
  email: NullableString,
  fax_number: NullableString,
  first_name: NullableString,
  last_name: NullableString,
  list_id: Type.Integer(),
  organization_name: NullableString,
  phone_number: NullableString,
});

// Lengths and shapes are checked by normaliseContact (400 naming the field); a spreadsheet's number is taken too.
const FieldValue = Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Number(), Type.Null()]));
export const ContactBody = Type.Object(Object.fromEntries(CONTACT_FIELDS.map((f) => [f, FieldValue])) as Record<(typeof CONTACT_FIELDS)[number], typeof FieldValue>);
export type ContactBody = Static<typeof ContactBody>;

export const ContactsQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  updated_after: Type.Optional(Type.Integer({ minimum: 0, maximum: 99_999_999_999, description: 'Unix seconds: only contacts changed after it.' })),
});

/** A field is compared when named with any value but an explicit "no" (false, 0, "0", "false", ""). */
const Selector = Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Boolean(), Type.Number(), Type.Null()]));
export const DuplicatesBody = Type.Object({
  // Unknown names are refused: a misspelt field must not silently fall back to the default comparison.
  fields: Type.Optional(Type.Object(Object.fromEntries(CONTACT_FIELDS.map((f) => [f, Selector])) as Record<(typeof CONTACT_FIELDS)[number], typeof Selector>, { additionalProperties: false })),
});
export type DuplicatesBody = Static<typeof DuplicatesBody>;

export const DeletedCount = Type.Object({ deleted: Type.Integer() });

export const ExportQuery = Type.Object({ filename: Type.String({ minLength: 1, maxLength: 200, description: 'Name the CSV downloads as.' }) });
