/** Where a message is in its life. Stored as text; presenters map them to each ClickSend resource's vocabulary. */
export const DispatchStatus = {
  /** Waiting for a future schedule_at. */
  Scheduled: 'Scheduled',
  /** Due now (or waiting for a retry after next_attempt_at). */
  Queued: 'Queued',
  /** Claimed by a dispatcher until claimed_until; no longer cancellable. */
  Processing: 'Processing',
  Sent: 'Sent',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
} as const;
export type DispatchStatus = (typeof DispatchStatus)[keyof typeof DispatchStatus];

/** Statuses a dispatcher claims once schedule_at has passed, and that cancel() may still change. */
export const WAITING_STATUSES: readonly DispatchStatus[] = [DispatchStatus.Scheduled, DispatchStatus.Queued];
export const FINAL_STATUSES: readonly DispatchStatus[] = [DispatchStatus.Sent, DispatchStatus.Failed, DispatchStatus.Cancelled];

/** The columns every message table carries (added by withDispatchColumns). Times as noted. */
export interface DispatchColumns {
  status: string;
  /** Unix seconds: not handed off before this. */
  schedule_at: number;
  /** Id of the dispatcher that made the latest claim (kept after the outcome, for audits). */
  claimed_by: string | null;
  /** Unix ms: the claim's lease; after it, another dispatcher may claim the row again. */
  claimed_until: number | null;
  /** Claims so far; also the fencing token of the current claim. */
  attempts: number;
  /** Unix ms: earliest next claim after a temporary failure (0 = no wait). */
  next_attempt_at: number;
  last_error: string | null;
}

/** A claimed row: the common columns plus whatever the queue's table holds. */
export type DispatchRow = DispatchColumns & { id: number } & Record<string, unknown>;

/** What a handler reports. Returning nothing means sent. */
export type Outcome =
  | { readonly result: 'sent'; readonly set?: Readonly<Record<string, unknown>>; readonly also?: AlsoInsert }
  | { readonly result: 'failed'; readonly error: string; readonly set?: Readonly<Record<string, unknown>>; readonly also?: AlsoInsert }
  | { readonly result: 'retry'; readonly error: string; readonly delayMs?: number; readonly set?: Readonly<Record<string, unknown>>; readonly also?: AlsoInsert };

/** A row inserted in the same transaction as the outcome, and only if the outcome is recorded (an attempt log line). */
export interface AlsoInsert {
  readonly table: string;
  readonly row: Readonly<Record<string, unknown>>;
}

/** Thrown by a provider when trying again later may succeed (network down, rate limited). */
export class TemporaryFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TemporaryFailure';
  }
}

/** Thrown by a provider when no retry can succeed (invalid address, rejected content). */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}

export interface RetryPolicy {
  /** Claims before a temporary failure becomes Failed. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

export interface HandlerContext {
  /** Stable across retries and re-claims of the same message: providers must be idempotent on it. */
  readonly idempotencyKey: string;
  /** 1 on the first claim. */
  readonly attempt: number;
  readonly dispatcherId: string;
  /** Unix ms from the dispatcher's clock, for sent_at-style columns. */
  readonly nowMs: number;
}

/**
 * What the dispatcher drains: a table of messages (with the dispatch columns) and how one message leaves.
 * Each message channel (SMS, post, system email, ...) registers one or more.
 */
export interface DispatchQueue<Row extends DispatchRow = DispatchRow> {
  readonly name: string;
  readonly table: string;
  handle(row: Row, ctx: HandlerContext): Promise<Outcome | void>;
  /** Defaults to `<table>:<id>`; override with a globally unique id when the provider's store outlives the database. */
  idempotencyKey?(row: Row): string;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Hand-offs in flight at once for this queue (default: the dispatcher's concurrency). A queue that sets it is also
   * refilled as hand-offs finish, instead of once its whole batch has finished: one slow hand-off (a webhook receiver
   * that hangs until the timeout) then holds up only its own lane, not the rows claimed with it.
   */
  readonly concurrency?: number;
}

/** The subset of pino the dispatcher writes to. */
export interface DispatchLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
