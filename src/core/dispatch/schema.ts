import type { CreateTableBuilder, Kysely } from 'kysely';
import { DispatchStatus, type DispatchColumns } from './types.js';

/** Adds the common dispatch columns to a message table being created (either dialect). */
export function withDispatchColumns<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('schedule_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(100)')
    .addColumn('claimed_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text');
}

/**
 * The index the claim reads: waiting rows by status then due time, and Processing rows (few, the ones
 * in flight) whose lease may have expired.
 */
export function createDispatchIndex(db: Kysely<any>, table: string) {
  return db.schema.createIndex(`${table}_dispatch_idx`).on(table).columns(['status', 'schedule_at']).execute();
}

/** The dispatch columns of a new message: Scheduled when schedule_at is in the future, else Queued. */
export function newDispatchValues(scheduleAt: number, nowSeconds: number): DispatchColumns {
  return {
    status: scheduleAt > nowSeconds ? DispatchStatus.Scheduled : DispatchStatus.Queued,
    schedule_at: scheduleAt,
    claimed_by: null,
    claimed_until: null,
    attempts: 0,
    next_attempt_at: 0,
    last_error: null,
  };
}
