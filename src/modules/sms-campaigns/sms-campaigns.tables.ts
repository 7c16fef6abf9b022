import type { Generated, Insertable, Selectable } from 'kysely';
import type { DispatchColumns } from '../../core/dispatch/index.js';

/**
 * One SMS campaign per row, and the dispatch queue of its job (sms-campaigns.job.ts). `status` (a dispatch column) is
 * the job's life: Scheduled → waiting for schedule_at; Queued → due; Processing → a dispatcher is walking the list;
 * Sent → every contact was handled; Cancelled → cancelled before it started. A campaign cancelled while it runs keeps
 * its dispatch status and has cancelled_at: the job stops at its next batch. Times are unix seconds.
 */
export interface SmsCampaignsTable extends DispatchColumns {
  id: Generated<number>;
  account_id: number;
  /** The credentials that created it: its messages are sent (and charged, and refunded) as them. */
  subaccount_id: number;
  api_username: string;
  /** 1 when the credentials were the account's own (the job sends with the same AuthContext). */
  is_primary: number;
  list_id: number;
  name: string;
  /** As given: placeholders and the short-link placeholder are filled per contact when the job sends. */
  body: string;
  /** Sender id as given; null = the shared number. */
  from_sender: string | null;
  url_to_shorten: string | null;
  /** The client's address when it was created (ClickSend's `ip_address`). */
  ip_address: string | null;
  /** Contacts in the list when it was created or last updated (`_total_count`). */
  total_count: number;
  /** Its price when created or last updated (the credit check); messages are charged as each batch is sent. */
  price_micros: number;
  /** The last contact_id whose message (or refusal) is committed: the job resumes after it. */
  cursor_contact_id: number;
  /** Contacts handled so far (messages stored plus contacts refused). */
  contacts_done: number;
  started_at: number | null;
  finished_at: number | null;
  cancelled_at: number | null;
  created_at: number;
  updated_at: number;
}

export type SmsCampaignRow = Selectable<SmsCampaignsTable>;
export type NewSmsCampaign = Insertable<SmsCampaignsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    sms_campaigns: SmsCampaignsTable;
  }
}
