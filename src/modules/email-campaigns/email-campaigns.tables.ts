import type { Generated, Insertable, Selectable } from 'kysely';
import type { DispatchColumns } from '../../core/dispatch/index.js';

/**
 * One email campaign per row, and the dispatch queue of its job (email-campaigns.job.ts). `status` (a dispatch column)
 * is the job's life: Scheduled → waiting for schedule_at; Queued → due; Processing → a dispatcher is walking the list;
 * Sent → every contact was handled; Cancelled → cancelled before it started. A campaign cancelled while it runs keeps
 * its dispatch status and gets cancelled_at: the job stops at its next batch. Times are unix seconds.
 */
export interface EmailCampaignsTable extends DispatchColumns {
  id: Generated<number>;
  account_id: number;
  /** The credentials that created it: its recipients are charged (and refunded) to them. */
  subaccount_id: number;
  api_username: string;
  is_primary: number;
  list_id: number;
  name: string;
  subject: string;
  /** The HTML as sent before personalisation: the body given, or the template's when the body was empty. */
  body: string;
  /** The derived plain-text part (html-to-text) of `body`. */
  body_plain_text: string;
  /** JSON array of the http(s) hrefs of `body`, in order: a click redirects to links[n] (never to a URL from the request). */
  links_json: string;
  from_email_address_id: number;
  /** The sender's address when the campaign was created or updated (it was verified then). */
  from_address: string;
  from_name: string;
  template_id: number | null;
  /** 1 when a schedule in the future was given (the record's `schedule` is "" otherwise). */
  scheduled: number;
  /** Contacts in the list when created or last updated. */
  total_count: number;
  /** The quote when created or last updated; each batch is charged as it is queued. */
  price_micros: number;
  cursor_contact_id: number;
  contacts_done: number;
  started_at: number | null;
  finished_at: number | null;
  cancelled_at: number | null;
  created_at: number;
  updated_at: number;
}

/**
 * One recipient of a campaign, and the dispatch queue that hands its email to the provider. Queued → Processing →
 * Sent (the relay accepted it) or Failed (a permanent refusal: a hard bounce), or Cancelled (the campaign was cancelled
 * before it left; refunded).
 */
export interface EmailCampaignMessagesTable extends DispatchColumns {
  id: Generated<number>;
  account_id: number;
  campaign_id: number;
  contact_id: number;
  to_address: string;
  to_name: string;
  /** The contact's fields when it was queued (placeholders are filled from them when the email is built). */
  contact_json: string;
  /** 128 random bits, base64url: the open pixel, link redirects and the unsubscribe link name the recipient by it. */
  token: string;
  /** Upper-case UUID (ClickSend's history shows one per email). */
  message_id: string;
  price_micros: number;
  /** When the relay (or the outbox) took it, unix seconds. */
  processed_at: number | null;
  relay_response: string | null;
  open_count: number;
  click_count: number;
  unsubscribed_at: number | null;
  created_at: number;
}

export type EmailCampaignRow = Selectable<EmailCampaignsTable>;
export type NewEmailCampaign = Insertable<EmailCampaignsTable>;
export type EmailCampaignMessageRow = Selectable<EmailCampaignMessagesTable>;
export type NewEmailCampaignMessage = Insertable<EmailCampaignMessagesTable>;

declare module '../../core/db/types.js' {
  interface Database {
    email_campaigns: EmailCampaignsTable;
    email_campaign_messages: EmailCampaignMessagesTable;
  }
}
