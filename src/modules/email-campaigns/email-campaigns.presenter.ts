import { DispatchStatus } from '../../core/dispatch/index.js';
import { asDocument } from './email-campaigns.html.js';
import { NO_COUNTERS, NO_CREDIT, type CampaignCounters } from './email-campaigns.repository.js';
import type { CampaignHistoryItem } from './email-campaigns.schemas.js';
import type { EmailCampaignMessageRow, EmailCampaignRow } from './email-campaigns.tables.js';

/**
 * ClickSend's campaign statuses (channels.md §4.2): Scheduled (waiting for its time), Queued (due, or its list being
 * queued), Sent (every contact handled), Cancelled. A job that gave up (it kept crashing its dispatcher) stopped
 * queueing like a cancel.
 */
function campaignStatus(row: Pick<EmailCampaignRow, 'status' | 'cancelled_at'>): string {
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

/** The list item (ClickSend's list example carries no body): ids as numbers, times as unix-second strings. */
export function presentCampaignItem(row: EmailCampaignRow, c: CampaignCounters = NO_COUNTERS) {
  return {
    email_campaign_id: Number(row.id),
    name: row.name,
    user_id: Number(row.account_id),
    subaccount_id: Number(row.subaccount_id),
    subject: row.subject,
    list_id: Number(row.list_id),
    from_email_address_id: Number(row.from_email_address_id),
    from_name: row.from_name,
    template_id: row.template_id === null ? null : Number(row.template_id),
    // ClickSend shows schedule "" for a campaign sent at once, and the unix time as a string for a scheduled one.
    schedule: Number(row.scheduled) === 1 ? String(row.schedule_at) : '',
    status: campaignStatus(row),
    date_added: String(row.created_at),
    // The SDK's EmailCampaign has no custom_string to set: ClickSend shows "".
    custom_string: '',
    send_count: c.sent,
    open_count: c.opens,
    click_count: c.clicks,
    hard_bounce_count: c.hardBounces,
    soft_bounce_count: c.softBounces,
    // Spam complaints reach a sender only through feedback loops Sendbox has none of.
    abuse_count: 0,
    unsubscribe_count: c.unsubscribes,
  };
}

/** The record of send, update and cancel: the body as stored. */
export function presentCampaign(row: EmailCampaignRow, c?: CampaignCounters) {
  return { ...presentCampaignItem(row, c), body: row.body, body_plain_text: row.body_plain_text };
}

/** GET /email-campaigns/{id}: ClickSend wraps the stored body into a full HTML document on read (its apiary example). */
export function presentCampaignRead(row: EmailCampaignRow, c?: CampaignCounters) {
  return { ...presentCampaign(row, c), body: asDocument(row.body) };
}

/** History's words for a recipient's state. */
function recipientStatus(row: Pick<EmailCampaignMessageRow, 'status'>): string {
  switch (row.status) {
    case DispatchStatus.Sent:
      return 'Sent';
    case DispatchStatus.Failed:
      return 'Failed';
    case DispatchStatus.Cancelled:
      return 'Cancelled';
    default:
      return 'Queued';
  }
}

export function presentHistoryItem(campaign: EmailCampaignRow, m: EmailCampaignMessageRow): CampaignHistoryItem {
  return {
    email_campaign_id: Number(campaign.id),
    from_name: campaign.from_name,
    // ClickSend's history shows the sender's email_address_id (a string) in from_address, not the address.
    from_address: String(campaign.from_email_address_id),
    to_name: m.to_name || m.to_address,
    to_address: m.to_address,
    contact_id: Number(m.contact_id),
    subject: campaign.subject,
    message_id: m.message_id,
    processed_at: m.processed_at === null ? null : String(m.processed_at),
    status: recipientStatus(m),
    open_count: Number(m.open_count),
    click_count: Number(m.click_count),
    hard_bounce_count: m.status === DispatchStatus.Failed && m.last_error !== NO_CREDIT ? 1 : 0,
    // A temporary refusal (4xx, a dropped connection) that was retried.
    soft_bounce_count: Math.max(0, Number(m.attempts) - 1),
  };
}

export const HISTORY_COLUMNS = [
  'email_campaign_id',
  'from_name',
  'from_address',
  'to_name',
  'to_address',
  'contact_id',
  'subject',
  'message_id',
  'processed_at',
  'status',
  'open_count',
  'click_count',
  'hard_bounce_count',
  'soft_bounce_count',
] as const;
