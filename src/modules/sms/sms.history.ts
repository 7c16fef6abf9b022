import type { HistoryChannel } from '../../core/messaging/index.js';
import { EXPORT_COLUMNS, exportRow, presentHistory, type HistoryItem } from './sms.presenter.js';
import { historyFilter, type HistoryQuery } from './sms.query.js';
import type { SmsRepository } from './sms.repository.js';
import type { SmsMessageRow } from './sms.tables.js';

/**
 * GET /sms/history and its CSV export, as the message core's history runs them: the filter SMS builds
 * from its query (sms.query.ts: q=, dates, order, the account), and how a row reads.
 */
export function smsHistoryChannel(repo: SmsRepository): HistoryChannel<HistoryQuery, SmsMessageRow, HistoryItem> {
  return {
    plan: (accountId, query) => repo.historyPlan(historyFilter(accountId, query)),
    present: presentHistory,
    exportColumns: EXPORT_COLUMNS,
    exportRow,
  };
}
