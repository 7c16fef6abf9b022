import type { Kysely, Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db/index.js';
import { DispatchStatus } from '../../../core/dispatch/index.js';
import type { PostItemTable } from '../pipeline/product.js';

/** An item whose next tracking check has come due, with what the check needs. */
export interface DueItem {
  id: number;
  message_id: string;
  address_country: string;
  address_postal_code: string;
  print_ref: string | null;
  sent_at: number | null;
  tracking_events_json: string;
  tracking_next_at: number;
}

/** The new tracking state of one item, written only if nobody moved it since `seen`. */
export interface TrackingWrite {
  seen: DueItem;
  stage: string | null;
  eventsJson: string;
  nextAt: number | null;
}

/**
 * The tracking columns of a post item table (postcards, letters). Tables are named at run time, hence Kysely<any>.
 * Only Sent items are tracked: a cancelled or failed item never got tracking_next_at, and the status guard keeps it so.
 */
export class TrackingRepository {
  constructor(private readonly db: Db) {}

  private k(exec?: Transaction<Database>): Kysely<any> {
    return (exec ?? this.db) as unknown as Kysely<any>;
  }

  /** Items due for a check at nowMs, oldest due first (served by <table>_tracking_due_idx). */
  async due(table: PostItemTable, nowMs: number, limit: number): Promise<DueItem[]> {
    return (await this.k()
      .selectFrom(table)
      .select(['id', 'message_id', 'address_country', 'address_postal_code', 'print_ref', 'sent_at', 'tracking_events_json', 'tracking_next_at'])
      .where('tracking_next_at', '<=', nowMs)
      .where('status', '=', DispatchStatus.Sent)
      .orderBy('tracking_next_at')
      .orderBy('id')
      .limit(limit)
      .execute()) as DueItem[];
  }

  /**
   * Writes each item's new state only where it is still as it was read (same events, same next check): when two
   * sweeps race, the second write finds nothing, so no event is recorded twice. The ids written. Writes go in due
   * order, the order every sweep reads in, so racing transactions on PostgreSQL lock rows in one order (no deadlock).
   */
  async apply(trx: Transaction<Database>, table: PostItemTable, writes: readonly TrackingWrite[]): Promise<number[]> {
    const done: number[] = [];
    for (const w of writes) {
      const r = await this.k(trx)
        .updateTable(table)
        .set({ tracking_stage: w.stage, tracking_events_json: w.eventsJson, tracking_next_at: w.nextAt })
        .where('id', '=', w.seen.id)
        .where('status', '=', DispatchStatus.Sent)
        .where('tracking_next_at', '=', w.seen.tracking_next_at)
        .where('tracking_events_json', '=', w.seen.tracking_events_json)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) done.push(w.seen.id);
    }
    return done;
  }
}
