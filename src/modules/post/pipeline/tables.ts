import type { Generated, Selectable } from 'kysely';
import type { DispatchColumns } from '../../../core/dispatch/index.js';

/** Columns every post item table carries (postcards, letters); see postItemColumns in migrations/0007_post.ts. */
export interface PostItemColumns extends DispatchColumns {
  id: Generated<number>;
  /** GUID; the print hand-off's idempotency key and the name stem of the item's proof files. */
  message_id: string;
  account_id: number;
  subaccount_id: number;
  api_username: string;
  address_name: string;
  address_line_1: string;
  address_line_2: string;
  address_city: string;
  address_state: string;
  address_postal_code: string;
  address_country: string;
  return_address_id: number;
  /** The presented return address at send time (JSON). */
  return_address_json: string;
  /** The request's print file in the FileStore (letter_file_name). */
  file_name: string;
  ip_address: string;
  source: string;
  custom_string: string | null;
  /** Unix seconds: the schedule asked for, or date_added when sent now. */
  schedule: number;
  /** 1 when the caller asked for a future time. */
  schedule_given: number;
  date_added: number;
  /** What was debited (0 for test postcodes), in micro-units of `currency`. */
  price_micros: number;
  currency: string;
  is_test: number;
  /** Where the print hand-off put it (message_id_supplier in history). */
  print_ref: string | null;
  sent_at: number | null;
  /** Tracking after the hand-off (migrations/0012_post_tracking.ts; ../tracking/). The latest stage, or null. */
  tracking_stage: string | null;
  /** [{stage, date}], oldest first. */
  tracking_events_json: string;
  /** Unix ms to ask the postal network again; null when nothing is to be asked. */
  tracking_next_at: number | null;
  /** Beyond ClickSend: JSON array of the item's `_warnings` (address shrunk or wrapped, artwork under the panel). */
  warnings_json: string;
}

/** A post product's name ('postcard', 'letter'): the kind of its proof jobs and the key of its history counts. */
export type PostProduct = string;

/** One proof (PDF + thumbnails) to make, queued in the same transaction as its item. */
export interface PostProofJobsTable extends DispatchColumns {
  id: Generated<number>;
  product: PostProduct;
  message_id: string;
  created_at: number;
}

export type PostProofJobRow = Selectable<PostProofJobsTable>;

/** How many items an account has of each product (history never loses items: cancelled ones stay). */
export interface PostHistoryCountsTable {
  account_id: number;
  product: PostProduct;
  items: number;
}

declare module '../../../core/db/types.js' {
  interface Database {
    post_proof_jobs: PostProofJobsTable;
    post_history_counts: PostHistoryCountsTable;
  }
}
