import { ADDRESS_SEARCH_FIELDS, ADDRESS_SORT_FIELDS, integer, type SearchSpec } from '../../core/search/index.js';
import type { ReturnAddressesTable } from './return-addresses.tables.js';

/** GET /post/return-addresses: q= / order_by= on the record's own fields. Names and lines match a part. */
export const RETURN_ADDRESSES_SEARCH: SearchSpec<keyof ReturnAddressesTable & string> = {
  fields: {
    return_address_id: integer('id'),
    ...ADDRESS_SEARCH_FIELDS,
  },
  sort: {
    return_address_id: 'id',
    ...ADDRESS_SORT_FIELDS,
  },
  // In the order they were added, as always.
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};
