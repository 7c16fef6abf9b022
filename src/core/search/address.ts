import { contains, iequal, upper } from './spec.js';

/** The address block's fields (core/validation's Address) as every list holding one searches them: names and lines match a part. */
export const ADDRESS_SEARCH_FIELDS = {
  address_name: contains('address_name'),
  address_line_1: contains('address_line_1'),
  address_line_2: contains('address_line_2'),
  address_city: iequal('address_city'),
  address_state: iequal('address_state'),
  address_postal_code: iequal('address_postal_code'),
  address_country: upper('address_country'),
};

/** The address fields a list sorts by. */
export const ADDRESS_SORT_FIELDS = {
  address_name: 'address_name',
  address_city: 'address_city',
  address_state: 'address_state',
  address_postal_code: 'address_postal_code',
  address_country: 'address_country',
} as const;
