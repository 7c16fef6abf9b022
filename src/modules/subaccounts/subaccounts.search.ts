import { contains, iequal, integer, phone, type SearchSpec } from '../../core/search/index.js';

type Column = 'id' | 'api_username' | 'email' | 'phone_number' | 'first_name' | 'last_name' | 'notes' | 'share_campaigns';

/**
 * GET /subaccounts: q= / order_by= on the record's own fields. The access_* flags are left out: the
 * primary subaccount prints 1 for every flag whatever it stores, so a column match would mislead.
 */
export const SUBACCOUNTS_SEARCH: SearchSpec<Column> = {
  fields: {
    subaccount_id: integer('id'),
    api_username: iequal('api_username'),
    email: iequal('email'),
    phone_number: phone('phone_number'),
    first_name: iequal('first_name'),
    last_name: iequal('last_name'),
    notes: contains('notes'),
    share_campaigns: integer('share_campaigns'),
  },
  sort: { subaccount_id: 'id', api_username: 'api_username', email: 'email', first_name: 'first_name', last_name: 'last_name' },
  // In the order they were created (the primary first), as always.
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};
