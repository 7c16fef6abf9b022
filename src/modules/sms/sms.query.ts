import { ApiError } from '../../core/errors/index.js';
import { type HistoryCondition, type HistoryFilter, type OrderColumn } from './sms.repository.js';
import { storedStatuses } from './sms.status.js';

/** Splits `q=field:value,field2:value` (conventions §6) into pairs; 400 naming the first malformed part. */
export function splitQuery(q: string | undefined): Array<[string, string]> {
  if (q === undefined || q.trim() === '') return [];
  return q.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon <= 0) throw ApiError.badRequest(`q must be field:value pairs separated by commas, got "${part}".`);
    return [part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim()];
  });
}

/**
 * A phone number from a query string: `+` arrives as a space when the caller did not escape it
 * (q=to:+614… reads "to: 614…"), so digits alone mean an international number.
 */
export function phoneValue(v: string): string {
  const compact = v.replace(/[\s().-]/g, '');
  return /^\d+$/.test(compact) ? `+${compact}` : compact;
}

const intOrNone = (column: 'status_code' | 'error_code' | 'subaccount_id' | 'list_id', v: string): HistoryCondition =>
  /^\d{1,15}$/.test(v) ? { kind: 'eq', column, value: Number(v) } : { kind: 'none' };

/** History's q= fields (the record's own field names) and how each filters. Text matches ignore case; body matches a part. */
const HISTORY_FIELDS: Record<string, (v: string, accountId: number) => HistoryCondition> = {
  status: (v) => ({ kind: 'in', column: 'status', values: storedStatuses(v) }),
  status_code: (v) => intOrNone('status_code', v),
  error_code: (v) => intOrNone('error_code', v),
  subaccount_id: (v) => intOrNone('subaccount_id', v),
  list_id: (v) => intOrNone('list_id', v),
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
};
const ALL_STATUSES = ['Scheduled', 'Queued', 'Processing', 'Sent', 'Failed', 'Cancelled', 'Completed'];

const ORDER_FIELDS: Record<string, OrderColumn> = {
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
};

export interface HistoryQuery {
  date_from?: number | undefined;
  date_to?: number | undefined;
  q?: string | undefined;
  order_by?: string | undefined;
  /** The SDK's fax history calls it `order` (conventions §6); accepted here too. */
  order?: string | undefined;
  operator?: string | undefined;
}

/** GET /sms/history's query → a repository filter; 400 naming the field when q or order_by is malformed. */
export function historyFilter(accountId: number, query: HistoryQuery): HistoryFilter {
  const conditions = splitQuery(query.q).map(([field, value]) => {
    const make = HISTORY_FIELDS[field];
    if (!make) throw ApiError.badRequest(`q: unknown field "${field}"; use one of ${Object.keys(HISTORY_FIELDS).join(', ')}.`);
    return make(value, accountId);
  });
  const operator = (query.operator ?? 'AND').trim().toUpperCase();
  if (operator !== 'AND' && operator !== 'OR') throw ApiError.badRequest(`operator must be AND or OR, got "${query.operator}".`);
  return { accountId, dateFrom: query.date_from, dateTo: query.date_to, conditions, operator, order: orderOf(query.order_by ?? query.order) };
}

function orderOf(raw: string | undefined): HistoryFilter['order'] {
  // Newest first unless asked otherwise: what a history screen wants, and what the (account, date) index reads fastest.
  if (raw === undefined || raw.trim() === '') return { column: 'created_at', direction: 'desc' };
  const [field = '', dir = 'asc', ...rest] = raw.split(':').map((s) => s.trim().toLowerCase());
  const column = ORDER_FIELDS[field];
  if (!column || rest.length || (dir !== 'asc' && dir !== 'desc')) {
    throw ApiError.badRequest(`order_by must be field:asc or field:desc with field one of ${Object.keys(ORDER_FIELDS).join(', ')}, got "${raw}".`);
  }
  return { column, direction: dir };
}
