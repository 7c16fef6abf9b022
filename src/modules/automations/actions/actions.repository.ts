import type { Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db/index.js';
import { DispatchStatus } from '../../../core/dispatch/index.js';
import '../firing/actions.tables.js';

type Exec = Db | Transaction<Database>;

/** The claim an action runs under: writes are fenced on it, so a dispatcher that lost its claim changes nothing. */
export interface ActionClaim {
  readonly id: number;
  readonly claimedBy: string | null;
  readonly attempts: number;
}

/** SQL over automation_actions for the actions queue (firing inserts the rows). */
export class AutomationActionsRepository {
  constructor(readonly db: Db) {}

  /**
   * Marks the action done with what it did, in the caller's transaction (the one holding its effect). Only while it
   * has no result and the claim is still this one: false means another run got there first, and the caller must roll
   * its effect back.
   */
  async complete(exec: Exec, claim: ActionClaim, result: object, now: number): Promise<boolean> {
    const r = await this.fenced(exec.updateTable('automation_actions').set({ result: JSON.stringify(result), finished_at: now }), claim)
      .where('result', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** GROUP_SMS: moves the cursor from `from` to `to` in the batch's transaction; false when it had moved already (the batch rolls back). */
  async advance(exec: Exec, claim: ActionClaim, from: number, to: number): Promise<boolean> {
    const r = await this.fenced(exec.updateTable('automation_actions').set({ progress: to }), claim)
      .where('progress', '=', from)
      .where('result', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  progressOf(id: number): Promise<number | undefined> {
    return this.db
      .selectFrom('automation_actions')
      .select('progress')
      .where('id', '=', id)
      .executeTakeFirst()
      .then((r) => (r ? Number(r.progress) : undefined));
  }

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  private fenced<Q extends { where: (...args: any[]) => Q }>(q: Q, claim: ActionClaim): Q {
    return q.where('id', '=', claim.id).where('claimed_by', '=', claim.claimedBy).where('attempts', '=', claim.attempts).where('status', '=', DispatchStatus.Processing);
  }
}
