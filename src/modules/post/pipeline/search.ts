import { DispatchStatus } from '../../../core/dispatch/index.js';
import { ADDRESS_SEARCH_FIELDS, ADDRESS_SORT_FIELDS, iequal, integer, named, upper, type SearchSpec } from '../../../core/search/index.js';
import type { PostItemColumns } from './tables.js';

type Column = keyof PostItemColumns & string;

/**
 * Postcard and letter history search (ClickSend's q= / order_by= / operator=): the history record's own
 * field names, each on the column both item tables share. Text ignores case; address lines match a part.
 */
export const POST_HISTORY_SEARCH: SearchSpec<Column> = {
  fields: {
    status: named('status', Object.values(DispatchStatus)),
    message_id: upper('message_id'),
    custom_string: iequal('custom_string'),
    subaccount_id: integer('subaccount_id'),
    return_address_id: integer('return_address_id'),
    _api_username: iequal('api_username'),
    source: iequal('source'),
    date_added: integer('date_added'),
    schedule: integer('schedule'),
    ...ADDRESS_SEARCH_FIELDS,
  },
  sort: {
    date_added: 'date_added',
    schedule: 'schedule',
    status: 'status',
    message_id: 'message_id',
    custom_string: 'custom_string',
    subaccount_id: 'subaccount_id',
    return_address_id: 'return_address_id',
    post_price: 'price_micros',
    ...ADDRESS_SORT_FIELDS,
  },
  // History reads oldest first, as it always has; the (account_id, date_added, id) index serves it.
  defaultOrder: [{ column: 'date_added', direction: 'asc' }],
  tieBreaker: 'id',
};
