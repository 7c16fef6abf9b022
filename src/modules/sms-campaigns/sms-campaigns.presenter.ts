import { DispatchStatus } from '../../core/dispatch/index.js';
import { microsToDecimal } from '../../core/util/money.js';
import type { CampaignCounts } from './sms-campaigns.repository.js';
import type { SmsCampaignRow } from './sms-campaigns.tables.js';

/**
 * ClickSend's campaign statuses (conventions §11): Scheduled (waiting for its time), Queued (due or being sent),
 * Sent (every contact handled), Cancelled. A job that gave up (Failed: it kept crashing its dispatcher) stopped
 * sending like a cancel; `_status` says which.
 */
export function campaignStatus(row: Pick<SmsCampaignRow, 'status' | 'cancelled_at' | 'finished_at'>): string {
  if (row.cancelled_at !== null) return 'Cancelled';
  switch (row.status) {
    case DispatchStatus.Scheduled:
      return 'Scheduled';
    case DispatchStatus.Queued:
    case DispatchStatus.Processing:
      return 'Queued';
    case DispatchStatus.Sent:
      return 'Sent';
    default:
      return 'Cancelled';
  }
}

/** The record ClickSend shows (ids numbers, times unix-second strings, custom_string and source null), plus progress. */
export function presentCampaign(row: SmsCampaignRow, counts: CampaignCounts = { queued: 0, sent: 0, chargedMicros: 0 }) {
  const done = Number(row.contacts_done);
  return {
    sms_campaign_id: Number(row.id),
    user_id: Number(row.account_id),
    subaccount_id: Number(row.subaccount_id),
    list_id: Number(row.list_id),
    name: row.name,
    body: row.body,
    from: row.from_sender ?? '',
    // ClickSend prints schedule and date_added as unix-second strings in campaign records.
    schedule: String(row.schedule_at),
    status: campaignStatus(row),
    url_to_shorten: row.url_to_shorten,
    // The SDK's SmsCampaign has no custom_string or source to set: ClickSend shows them null.
    custom_string: null,
    source: null,
    ip_address: row.ip_address,
    date_added: String(row.created_at),
    _total_count: Number(row.total_count),
    _queued_count: counts.queued,
    _sent_count: counts.sent,
    _refused_count: Math.max(0, done - counts.queued),
    _contacts_done: done,
    // What its messages have cost so far, net of refunds; and the price quoted when it was created or updated.
    _price: microsToDecimal(counts.chargedMicros, 4),
    _quoted_price: microsToDecimal(Number(row.price_micros), 4),
  };
}
