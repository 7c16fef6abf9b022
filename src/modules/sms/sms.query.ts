import { compileSearch, contains, iequal, lower, MAX_INTEGER_VALUE, phone, phoneValue, upper, type SearchParams, type SearchSpec } from '../../core/search/index.js';
import { RECEIPTS_SEARCH } from '../../core/messaging/index.js';
import type { HistoryCondition, HistoryFilter, OrderColumn } from './sms.repository.js';
import { storedStatuses } from './sms.status.js';

const intOrNone = (column: 'status_code' | 'error_code' | 'subaccount_id' | 'list_id' | 'contact_id', v: string): HistoryCondition =>
  /^\d{1,10}$/.test(v) && Number(v) <= MAX_INTEGER_VALUE ? { kind: 'eq', column, value: Number(v) } : { kind: 'none' };

const ALL_STATUSES = ['Scheduled', 'Queued', 'Processing', 'Sent', 'Failed', 'Cancelled', 'Completed'];

/**
 * GET /sms/history: q= fields are the record's own field names; text matches ignore case, body matches a part.
 * Its conditions are the repository's HistoryCondition (sms.repository.ts historyWhere reads them).
 */
export const SMS_HISTORY_SEARCH: SearchSpec<OrderColumn, number, HistoryCondition> = {
  fields: {
    status: (v) => ({ kind: 'in', column: 'status', values: storedStatuses(v) }),
    status_code: (v) => intOrNone('status_code', v),
    error_code: (v) => intOrNone('error_code', v),
    subaccount_id: (v) => intOrNone('subaccount_id', v),
    list_id: (v) => intOrNone('list_id', v),
    contact_id: (v) => intOrNone('contact_id', v),
    to: (v) => ({ kind: 'eq', column: 'to_number', value: phoneValue(v) }),
    message_id: (v) => ({ kind: 'eq', column: 'message_id', value: v.toUpperCase() }),
    country: (v) => ({ kind: 'eq', column: 'country', value: v.toUpperCase() }),
    from: (v) => ({ kind: 'ieq', column: 'from_sender', value: v }),
    custom_string: (v) => ({ kind: 'ieq', column: 'custom_string', value: v }),
    _api_username: (v) => ({ kind: 'ieq', column: 'api_username', value: v }),
    body: (v) => ({ kind: 'contains', column: 'body', value: v }),
    // Every history record is outbound and the caller's own: these match all or nothing.
    direction: (v) => (v.toLowerCase() === 'out' ? { kind: 'in', column: 'status', values: ALL_STATUSES } : { kind: 'none' }),
    user_id: (v, accountId) => (v === String(accountId) ? { kind: 'in', column: 'status', values: ALL_STATUSES } : { kind: 'none' }),
  },
  sort: {
    date: 'created_at',
    schedule: 'schedule_at',
    to: 'to_number',
    from: 'from_sender',
    status: 'status',
    status_code: 'status_code',
    message_price: 'price_micros',
    message_parts: 'message_parts',
    country: 'country',
    message_id: 'message_id',
    custom_string: 'custom_string',
    subaccount_id: 'subaccount_id',
  },
  // Newest first unless asked otherwise: what a history screen wants, and what the (account, date) index reads fastest.
  defaultOrder: [{ column: 'created_at', direction: 'desc' }],
  // HistoryFilter carries one sort key; the repository adds id in the same direction.
  maxSortKeys: 1,
};

export interface HistoryQuery extends SearchParams {
  date_from?: number | undefined;
  date_to?: number | undefined;
}

/** GET /sms/history's query → a repository filter; 400 naming the field when q or order_by is malformed. */
export function historyFilter(accountId: number, query: HistoryQuery): HistoryFilter {
  const { conditions, operator, order } = compileSearch(SMS_HISTORY_SEARCH, query, accountId);
  return { accountId, dateFrom: query.date_from, dateTo: query.date_to, conditions, operator, order: order[0]! };
}

type InboundColumn = 'from_number' | 'to_number' | 'message_id' | 'original_message_id' | 'keyword' | 'custom_string' | 'body' | 'created_at' | 'id';

/** GET /sms/inbound (the unread pull list): fields of the inbound record. */
export const SMS_INBOUND_SEARCH: SearchSpec<InboundColumn> = {
  fields: {
    from: phone('from_number'),
    to: phone('to_number'),
    message_id: upper('message_id'),
    original_message_id: upper('original_message_id'),
    _keyword: lower('keyword'),
    keyword: lower('keyword'),
    custom_string: iequal('custom_string'),
    body: contains('body'),
  },
  sort: { timestamp: 'created_at', from: 'from_number', to: 'to_number', message_id: 'message_id', original_message_id: 'original_message_id', _keyword: 'keyword', custom_string: 'custom_string' },
  // Oldest first: pull them, then mark them read.
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};

/** GET /sms/receipts: the receipts search every message channel shares. */
export const SMS_RECEIPTS_SEARCH = RECEIPTS_SEARCH;
