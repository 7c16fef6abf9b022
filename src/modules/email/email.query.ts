import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { HistoryPlan } from '../../core/messaging/index.js';
import { compileSearch, contains, iequal, integer, lower, searchWhere, upper, type SearchParams, type SearchSpec } from '../../core/search/index.js';
import { storedStatuses } from './email.status.js';

type Column =
  | 'from_email_address_id'
  | 'body'
  | 'created_at'
  | 'schedule_at'
  | 'to_first'
  | 'from_address'
  | 'status'
  | 'price_micros'
  | 'message_id'
  | 'custom_string'
  | 'subaccount_id'
  | 'subject'
  | 'id';

/**
 * GET /email/history's q= and order_by: the record's own field names (as on /sms/history); text matches
 * ignore case, subject and body match a part. `to` matches the first To address.
 */
export const EMAIL_HISTORY_SEARCH: SearchSpec<Column> = {
  fields: {
    status: (v) => ({ kind: 'in', column: 'status', values: storedStatuses(v) }),
    message_id: upper('message_id'),
    to: lower('to_first'),
    from: iequal('from_address'),
    from_email_address_id: integer('from_email_address_id'),
    subaccount_id: integer('subaccount_id'),
    custom_string: iequal('custom_string'),
    subject: contains('subject'),
    body: contains('body'),
  },
  sort: {
    date_added: 'created_at',
    date: 'created_at',
    schedule: 'schedule_at',
    to: 'to_first',
    status: 'status',
    price: 'price_micros',
    message_id: 'message_id',
    custom_string: 'custom_string',
    subaccount_id: 'subaccount_id',
    subject: 'subject',
  },
  // Newest first, as the (account, created_at) index reads fastest; MessageStore adds id in the same direction.
  defaultOrder: [{ column: 'created_at', direction: 'desc' }],
  maxSortKeys: 1,
};

export interface EmailHistoryQuery extends SearchParams {
  date_from?: number | undefined;
  date_to?: number | undefined;
}

/** The history query as the message core's plan: the account, the dates, q= (400 naming the field when malformed). */
export function historyPlan(accountId: number, query: EmailHistoryQuery): HistoryPlan {
  const search = compileSearch(EMAIL_HISTORY_SEARCH, query);
  return {
    where: (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
      const base: Expression<SqlBool>[] = [eb('account_id', '=', accountId)];
      if (query.date_from !== undefined) base.push(eb('created_at', '>=', query.date_from));
      if (query.date_to !== undefined) base.push(eb('created_at', '<=', query.date_to));
      base.push(searchWhere(eb, search));
      return eb.and(base);
    },
    order: search.order[0]!,
  };
}
