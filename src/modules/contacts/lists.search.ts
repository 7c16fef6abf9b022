import { contains, integer, type SearchSpec } from '../../core/search/index.js';
import type { ContactListsTable } from './contacts.tables.js';

/** GET /lists: q= / order_by= on the record's own fields; names match a part, ignoring case. */
export const LISTS_SEARCH: SearchSpec<keyof ContactListsTable & string> = {
  fields: { list_id: integer('id'), list_name: contains('list_name'), list_email_id: contains('list_email_id') },
  sort: { list_id: 'id', list_name: 'list_name' },
  // In the order they were made, as ClickSend lists them.
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};
