import type { Kysely } from 'kysely';
import { recordOutcomes } from './store.js';
import type { DispatchLog } from './types.js';

/** One hand-off's result waiting to be written: the fenced outcome, and a row to insert with it (an attempt log). */
export interface PendingOutcome {
  readonly id: number;
  readonly attempts: number;
  readonly values: Record<string, unknown>;
  readonly also?: { readonly table: string; readonly row: Readonly<Record<string, unknown>> } | undefined;
}

/**
 * Writes the outcomes of a busy queue's hand-offs together: everything that finished since the last write goes in one
 * transaction (each outcome still fenced on its claim, each `also` row inserted only with a recorded outcome, one
 * multi-row insert per table). On SQLite a commit per outcome was most of a fast hand-off's cost. A hand-off's lane
 * is freed only once its outcome is written, so leases keep being renewed until then. If the transaction fails the
 * rows stay Processing and are claimed again when their leases run out, as when a single outcome cannot be written.
 */
export class OutcomeBatch {
  private pending: { item: PendingOutcome; done: (recorded: boolean) => void }[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly db: Kysely<any>,
    private readonly table: string,
    private readonly dispatcherId: string,
    private readonly log: () => DispatchLog,
  ) {}

  /** Resolves true once written, false when the claim was lost (or the write failed: the lease decides then). */
  record(item: PendingOutcome): Promise<boolean> {
    return new Promise((done) => {
      this.pending.push({ item, done });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // One turn of the event loop lets hand-offs that finish together share the write.
    setImmediate(() => {
      this.scheduled = false;
      this.writing = this.write().finally(() => {
        this.writing = undefined;
        if (this.pending.length > 0) this.schedule();
      });
    });
  }

  private async write(): Promise<void> {
    const batch = this.pending.splice(0);
    let results: boolean[];
    try {
      results = await this.db.transaction().execute(async (trx) => {
        // Outcomes alike (the same values, e.g. Sent with this second's delivered_at and status 200, and the same
        // attempt) are written by one fenced UPDATE: on PostgreSQL a statement per outcome was a round trip each.
        const groups = new Map<string, PendingOutcome[]>();
        for (const { item } of batch) {
          const key = `${item.attempts}|${JSON.stringify(item.values)}`;
          groups.set(key, [...(groups.get(key) ?? []), item]);
        }
        const written = new Set<number>();
        for (const items of groups.values()) {
          for (const id of await recordOutcomes(trx, this.table, this.dispatcherId, items)) written.add(id);
        }
        const recorded = batch.map(({ item }) => written.has(item.id));
        const rows = new Map<string, Readonly<Record<string, unknown>>[]>();
        for (const { item } of batch) {
          if (written.has(item.id) && item.also) rows.set(item.also.table, [...(rows.get(item.also.table) ?? []), item.also.row]);
        }
        for (const [table, values] of rows) {
          for (let i = 0; i < values.length; i += 500)
            await trx
              .insertInto(table)
              .values(values.slice(i, i + 500))
              .execute();
        }
        return recorded;
      });
    } catch (err) {
      this.log().error(
        { err, dispatcher: this.dispatcherId, table: this.table, outcomes: batch.length },
        'could not record dispatch outcomes; their leases will run out and they will be claimed again',
      );
      results = batch.map(() => false);
    }
    batch.forEach((b, i) => b.done(results[i]!));
  }
}
