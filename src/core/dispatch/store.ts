import type { ExpressionBuilder, Kysely } from 'kysely';
import { isPostgres } from '../db/index.js';
import { DispatchStatus, WAITING_STATUSES, type DispatchRow } from './types.js';

/**
 * The dispatcher's SQL, generic over any table carrying the dispatch columns. Tables are named at run
 * time, so this works on Kysely<any>; channel tables stay typed in their own modules.
 */

export interface ClaimRequest {
  table: string;
  dispatcherId: string;
  nowMs: number;
  leaseMs: number;
  limit: number;
}

/**
 * One statement: marks up to `limit` due rows Processing for this dispatcher and returns them.
 * Due = waiting and scheduled in the past (and past any retry wait), or Processing with a lease that
 * expired (its claimer crashed or stalled). PostgreSQL skips rows another claimer has locked, so
 * concurrent claimers take disjoint sets without waiting; SQLite has one writer at a time, which gives
 * the same guarantee. attempts+1 makes every claim's (claimed_by, attempts) unique: the fencing token.
 */
export async function claimDue(db: Kysely<any>, r: ClaimRequest): Promise<DispatchRow[]> {
  const claim = { status: DispatchStatus.Processing, claimed_by: r.dispatcherId, claimed_until: r.nowMs + r.leaseMs };
  const rows = (
    isPostgres(db)
      ? await claimPostgres(db, r)
          .set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) }))
          .where('id', 'in', (eb: ExpressionBuilder<any, any>) => eb.selectFrom('due').select('id'))
          .returningAll()
          .execute()
      : await db
          .updateTable(r.table)
          .set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) }))
          .where('id', 'in', dueRowsSqlite(db, r))
          .returningAll()
          .execute()
  ) as DispatchRow[];
  // RETURNING order is unspecified; hand off in schedule order.
  return rows.sort((a, b) => Number(a.schedule_at) - Number(b.schedule_at) || Number(a.id) - Number(b.id));
}

/** The rows one status contributes to a claim, in claim order (its own (status, schedule_at) index walk). */
function firstOfStatus(db: Kysely<any>, r: ClaimRequest, status: string) {
  const nowS = Math.floor(r.nowMs / 1000);
  const q = db.selectFrom(r.table).select(['id', 'schedule_at']).where('status', '=', status);
  const due = status === DispatchStatus.Processing ? q.where('claimed_until', '<', r.nowMs) : q.where('schedule_at', '<=', nowS).where('next_attempt_at', '<=', r.nowMs);
  return due.orderBy('schedule_at').orderBy('id').limit(r.limit);
}

/**
 * PostgreSQL: the same per-status lists as SQLite (below), each locked with SKIP LOCKED in its own CTE (FOR UPDATE is
 * not allowed over a UNION), merged and cut to `limit`. With one OR over three statuses PostgreSQL sorted every due
 * row on each claim (20 ms at 20,000 queued). Rows locked but not among the first `limit` are released at the end of
 * the statement; a concurrent claimer skips them meanwhile, and claims them on its next pass.
 */
function claimPostgres(db: Kysely<any>, r: ClaimRequest) {
  const [a, b] = WAITING_STATUSES;
  return db
    .with('due_a', () => firstOfStatus(db, r, a!).forUpdate().skipLocked())
    .with('due_b', () => firstOfStatus(db, r, b!).forUpdate().skipLocked())
    .with('due_c', () => firstOfStatus(db, r, DispatchStatus.Processing).forUpdate().skipLocked())
    .with('due', (qc) =>
      qc
        .selectFrom((eb) =>
          eb
            .selectFrom('due_a')
            .select(['id', 'schedule_at'])
            .unionAll(eb.selectFrom('due_b').select(['id', 'schedule_at']))
            .unionAll(eb.selectFrom('due_c').select(['id', 'schedule_at']))
            .as('merged'),
        )
        .select('id')
        .orderBy('schedule_at')
        .orderBy('id')
        .limit(r.limit),
    )
    .updateTable(r.table);
}

/**
 * The same rows, one status at a time: for a single status, SQLite walks the (status, schedule_at) index in
 * (schedule_at, id) order and stops after `limit` rows, where the OR of three statuses made it sort every due row on
 * each claim (a deep queue claimed a few rows at a time spent most of its time there). The three short lists are then
 * merged and cut to `limit`.
 */
function dueRowsSqlite(db: Kysely<any>, r: ClaimRequest) {
  const first = (status: string) => db.selectFrom(firstOfStatus(db, r, status).as(`due_${status.toLowerCase()}`)).select(['id', 'schedule_at']);
  const [a, b] = WAITING_STATUSES;
  const merged = first(a!).unionAll(first(b!)).unionAll(first(DispatchStatus.Processing));
  return db.selectFrom(merged.as('due')).select('id').orderBy('schedule_at').orderBy('id').limit(r.limit);
}

/** Extends the leases of rows this dispatcher still holds (those lost to another claimer are untouched). */
export async function renewLeases(db: Kysely<any>, table: string, dispatcherId: string, ids: number[], until: number): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable(table).set({ claimed_until: until }).where('id', 'in', ids).where('claimed_by', '=', dispatcherId).where('status', '=', DispatchStatus.Processing).execute();
}

/**
 * Records an outcome only if the claim is still this one: a dispatcher whose lease expired and whose
 * row was claimed again must not overwrite the new owner's result. True when it was recorded.
 */
export async function recordOutcome(db: Kysely<any>, table: string, claim: { id: number; dispatcherId: string; attempts: number }, values: Record<string, unknown>): Promise<boolean> {
  const r = await db
    .updateTable(table)
    .set({ ...values, claimed_until: null })
    .where('id', '=', claim.id)
    .where('claimed_by', '=', claim.dispatcherId)
    .where('attempts', '=', claim.attempts)
    .where('status', '=', DispatchStatus.Processing)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * recordOutcome for several claims of one table that share their values and attempt count, in one statement;
 * returns the ids whose claim still held (each row fenced as recordOutcome fences it).
 */
export async function recordOutcomes(db: Kysely<any>, table: string, dispatcherId: string, items: readonly { id: number; attempts: number; values: Record<string, unknown> }[]): Promise<number[]> {
  if (items.length === 0) return [];
  const first = items[0]!;
  if (items.some((i) => i.attempts !== first.attempts)) throw new Error('recordOutcomes: every item must share its attempt count');
  const rows = await db
    .updateTable(table)
    .set({ ...first.values, claimed_until: null })
    .where(
      'id',
      'in',
      items.map((i) => i.id),
    )
    .where('claimed_by', '=', dispatcherId)
    .where('attempts', '=', first.attempts)
    .where('status', '=', DispatchStatus.Processing)
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Cancels a message that no dispatcher has claimed yet. `scope` adds equality conditions (account_id,
 * …) so a caller cannot cancel another tenant's row. True when this call cancelled it; false when it
 * was already claimed, final, or not found in scope.
 */
export async function cancel(db: Kysely<any>, table: string, id: number, scope: Readonly<Record<string, string | number>> = {}): Promise<boolean> {
  let q = db.updateTable(table).set({ status: DispatchStatus.Cancelled }).where('id', '=', id).where('status', 'in', WAITING_STATUSES);
  for (const [column, value] of Object.entries(scope)) q = q.where(column, '=', value);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
