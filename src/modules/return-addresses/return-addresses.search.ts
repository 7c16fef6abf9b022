import { contains, iequal, integer, upper, type SearchSpec } from '../../core/search/index.js';
import type { ReturnAddressesTable } from './return-addresses.tables.js';

/** GET /post/return-addresses: q= / order_by= on the record's own fields. Names and lines match a part. */
export const RETURN_ADDRESSES_SEARCH: SearchSpec<keyof ReturnAddressesTable & string> = {
  fields: {
    return_address_id: integer('id'),
    address_name: contains('address_name'),
    address_line_1: contains('address_line_1'),
    address_line_2: contains('address_line_2'),
    address_city: iequal('address_city'),
    address_state: iequal('address_state'),
    address_postal_code: iequal('address_postal_code'),
    address_country: upper('address_country'),
  },
  sort: {
    return_address_id: 'id',
    address_name: 'address_name',
    address_city: 'address_city',
    address_state: 'address_state',
    address_postal_code: 'address_postal_code',
    address_country: 'address_country',
  },
  // In the order they were added, as always.
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};
