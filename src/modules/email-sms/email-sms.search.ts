import { contains, integer, type SearchSpec } from '../../core/search/index.js';

/** GET /sms/email-sms: q= / order_by= on the record's own fields. */
export const ADDRESS_SEARCH: SearchSpec<string> = {
  fields: {
    email_address_id: integer('id'),
    email_address: contains('email_address'),
    from: contains('from_sender'),
  },
  sort: { email_address_id: 'id', email_address: 'email_address' },
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};

/** GET /sms/email-sms-stripped-strings. */
export const STRIPPED_STRING_SEARCH: SearchSpec<string> = {
  fields: { rule_id: integer('id'), strip_string: contains('strip_string') },
  sort: { rule_id: 'id', strip_string: 'strip_string' },
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};
