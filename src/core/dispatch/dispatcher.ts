/*
 * Why nothing accepted is lost or dispatched twice.
 *
 * A message is accepted when its row is committed (status Queued or Scheduled). From then on:
 * - Not lost: the row only leaves the waiting statuses through a claim, and a claim only becomes final
 *   through recordOutcome after the handler returned. A dispatcher that dies in between leaves the row
 *   Processing with a lease (claimed_until); when the lease runs out, any dispatcher claims it again.
 *   So every accepted row is handed to its provider at least once, whatever crashes.
 * - Not twice: a claim is one atomic statement (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer),
 *   so two live dispatchers never hold the same row; a running dispatcher renews the leases of what it
 *   holds, so a slow hand-off is not claimed again; and outcomes are fenced on (claimed_by, attempts), so
 *   a dispatcher that lost its claim cannot overwrite the new owner's result. The one remaining repeat is
 *   a hand-off re-done after a crash (or a stall longer than the lease): the provider receives the same
 *   idempotency key (stable per message) and must do nothing the second time.
 * At-least-once hand-off plus an idempotent provider gives an exactly-once effect.
 * Cancel is a conditional update from the waiting statuses, so it and a claim cannot both win.
 *
 * Why one queue never holds up another: each queue runs its own claim loop (its own timer and pass),
 * so a slow, hanging or failing provider only delays its own queue's next claim; the other queues keep
 * polling on their own schedule. runOnce() still makes one pass over every queue, for tests and tools.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../util/clock.js';
import { OutcomeBatch, type PendingOutcome } from './outcome-batch.js';
import { PeriodicRunner, type PeriodicTask } from './periodic.js';
import { cancel, claimDue, recordOutcome, renewLeases } from './store.js';
import { DEFAULT_RETRY, DispatchStatus, PermanentFailure, TemporaryFailure, type DispatchQueue, type DispatchLog, type DispatchRow, type Outcome, type RetryPolicy } from './types.js';

export interface DispatcherOptions {
  readonly pollMs: number;
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly clock?: Clock;
  /** Written to claimed_by; defaults to host:pid:random. */
  readonly id?: string;
  /** Hand-offs running at once per queue. */
  readonly concurrency?: number;
}

interface QueueLoop {
  timer?: NodeJS.Timeout;
  pass?: Promise<void>;
  /** Hand-offs of a refilled queue (one with its own concurrency) still running after the pass that claimed them. */
  readonly active: Set<Promise<void>>;
  /** A refilled queue's outcomes, written together. */
  readonly outcomes?: OutcomeBatch;
}

const silent: DispatchLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function defaultDispatcherId(): string {
  return `${os.hostname().slice(0, 60)}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Backoff before the next claim after the n-th attempt failed temporarily: base·2^(n-1), capped. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export class Dispatcher {
  readonly id: string;
  private readonly clock: Clock;
  private readonly queues = new Map<string, DispatchQueue<any>>();
  /** table → ids this dispatcher is handling, for lease renewal. */
  private readonly inFlight = new Map<string, Set<number>>();
  private log: DispatchLog = silent;
  private running = false;
  private stopping = false;
  /** table → that channel's own loop: its next poll, and the pass in progress. */
  private readonly loops = new Map<string, QueueLoop>();
  private heartbeat: NodeJS.Timeout | undefined;
  private renewing = false;
  private readonly periodic = new PeriodicRunner();

  constructor(
    private readonly db: Kysely<any>,
    private readonly opts: DispatcherOptions,
  ) {
    this.id = opts.id ?? defaultDispatcherId();
    this.clock = opts.clock ?? systemClock;
  }

  register(queue: DispatchQueue<any>): this {
    if (this.queues.has(queue.table)) throw new Error(`a queue for table ${queue.table} is already registered`);
    this.queues.set(queue.table, queue);
    this.inFlight.set(queue.table, new Set());
    this.loops.set(queue.table, {
      active: new Set(),
      ...(queue.concurrency === undefined ? {} : { outcomes: new OutcomeBatch(this.db, queue.table, this.id, () => this.log) }),
    });
    if (this.running) this.schedule(queue, 0);
    return this;
  }

  /** Housekeeping that runs wherever this dispatcher runs: at start(), then every intervalMs, until stop(). */
  every(task: PeriodicTask): this {
    this.periodic.add(task);
    return this;
  }

  get queueNames(): string[] {
    return [...this.queues.values()].map((c) => c.name);
  }

  /** Polls each channel every pollMs (at once again while its batch comes back full), independently, until stop(). */
  start(opts: { log?: DispatchLog } = {}): void {
    if (this.running) return;
    if (opts.log) this.log = opts.log;
    this.running = true;
    this.stopping = false;
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.opts.leaseMs / 3)));
    this.heartbeat.unref();
    this.log.info({ dispatcher: this.id, queues: this.queueNames, periodic: this.periodic.names }, 'dispatcher started');
    for (const queue of this.queues.values()) this.schedule(queue, 0);
    this.periodic.start(this.log);
  }

  /** No new claims; resolves once the hand-offs in flight have finished and their outcomes are recorded. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping = true;
    for (const loop of this.loops.values()) {
      clearTimeout(loop.timer);
      loop.timer = undefined;
    }
    await Promise.all([...[...this.loops.values()].map((l) => l.pass), this.periodic.stop()]);
    await Promise.all([...this.loops.values()].flatMap((l) => [...l.active]));
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.log.info({ dispatcher: this.id }, 'dispatcher stopped');
  }

  /** One claim-and-hand-off pass over every queue. `busy` when a batch came back full. */
  async runOnce(): Promise<{ claimed: number; busy: boolean }> {
    const counts = await Promise.all([...this.queues.values()].map((c) => this.runQueue(c)));
    return { claimed: counts.reduce((a, b) => a + b, 0), busy: counts.some((n) => n >= this.opts.batchSize) };
  }

  cancel(table: string, id: number, scope?: Readonly<Record<string, string | number>>): Promise<boolean> {
    return cancel(this.db, table, id, scope);
  }

  /** The next pass of one queue's own loop; a slow pass here delays no other queue. */
  private schedule(queue: DispatchQueue<any>, delayMs: number): void {
    const loop = this.loops.get(queue.table)!;
    loop.timer = setTimeout(() => {
      loop.timer = undefined;
      const pass = queue.concurrency === undefined ? this.runQueue(queue).then((claimed) => claimed >= this.opts.batchSize) : this.refill(queue, loop);
      loop.pass = pass
        .catch((err: unknown) => {
          this.log.error({ err, dispatcher: this.id, queue: queue.name }, 'dispatch pass failed');
          return false;
        })
        .then((busy) => {
          loop.pass = undefined;
          if (this.running) this.schedule(queue, busy ? 0 : this.opts.pollMs);
        });
    }, delayMs);
  }

  /**
   * A pass of a queue with its own concurrency, in its loop: claims as many rows as it has free lanes (at most a
   * batch) and starts them without waiting for them, so the next pass claims again as soon as any lane frees. Busy
   * (pass again at once) when the claim came back full, after waiting for a lane if none is free.
   */
  private async refill(queue: DispatchQueue<any>, loop: QueueLoop): Promise<boolean> {
    if (this.stopping) return false;
    const lanes = queue.concurrency!;
    if (loop.active.size >= lanes) {
      await this.laneFreed(queue, loop);
      return true;
    }
    const limit = Math.min(this.opts.batchSize, lanes - loop.active.size);
    const rows = await this.claim(queue, limit);
    const held = this.inFlight.get(queue.table)!;
    for (const row of rows) {
      const run: Promise<void> = this.handOff(queue, row)
        .catch((err: unknown) => this.log.error({ err, dispatcher: this.id, queue: queue.name, id: row.id }, 'hand-off failed'))
        .then(() => {
          held.delete(Number(row.id));
          loop.active.delete(run);
        });
      loop.active.add(run);
    }
    if (rows.length < limit) return false;
    if (loop.active.size >= lanes) await this.laneFreed(queue, loop);
    return true;
  }

  /**
   * Resolves once a quarter of the lanes are free (one claim statement then fills several: a claim sorts the due rows,
   * so claiming one row per freed lane cost more than the hand-offs), or once pollMs has passed with at least one lane
   * free, so lanes held by slow hand-offs delay the others by pollMs at most, never by a slow hand-off's duration.
   */
  private async laneFreed(queue: DispatchQueue<any>, loop: QueueLoop): Promise<void> {
    const lanes = queue.concurrency!;
    const enough = Math.max(1, Math.min(this.opts.batchSize, Math.ceil(lanes / 4)));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.opts.pollMs)));
    try {
      await Promise.race(loop.active);
      while (lanes - loop.active.size < enough && loop.active.size > 0) {
        const late = await Promise.race([Promise.race(loop.active).then(() => false), deadline.then(() => true)]);
        if (late) break;
      }
    } finally {
      clearTimeout(timer);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  private async claim(queue: DispatchQueue<any>, limit: number): Promise<DispatchRow[]> {
    const rows = await claimDue(this.db, { table: queue.table, dispatcherId: this.id, nowMs: this.clock.nowMs(), leaseMs: this.opts.leaseMs, limit });
    const held = this.inFlight.get(queue.table)!;
    for (const row of rows) held.add(Number(row.id));
    return rows;
  }

  /** One claim (a batch, or the free lanes of a queue with its own concurrency) and the wait for all its hand-offs. */
  private async runQueue(queue: DispatchQueue<any>): Promise<number> {
    if (this.stopping) return 0;
    const loop = this.loops.get(queue.table)!;
    const free = queue.concurrency === undefined ? this.opts.batchSize : Math.min(this.opts.batchSize, queue.concurrency - loop.active.size);
    if (free <= 0) return 0;
    const rows = await this.claim(queue, free);
    const held = this.inFlight.get(queue.table)!;
    const waiting = [...rows];
    const lanes = Math.min(queue.concurrency ?? this.opts.concurrency ?? 16, waiting.length);
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let row = waiting.shift(); row; row = waiting.shift()) {
          await this.handOff(queue, row);
          held.delete(Number(row.id));
        }
      }),
    );
    return rows.length;
  }

  private async handOff(queue: DispatchQueue<any>, row: DispatchRow): Promise<void> {
    const pending = await this.outcomeFor(queue, row);
    const batch = this.loops.get(queue.table)!.outcomes;
    try {
      const recorded = batch ? await batch.record(pending) : await this.recordOne(queue.table, pending);
      if (!recorded && !batch) this.log.warn({ dispatcher: this.id, queue: queue.name, id: row.id }, 'claim was lost before the outcome was recorded; the newer claim decides');
    } catch (err) {
      // The row stays Processing; when the lease runs out it is claimed and handed off again (idempotently).
      this.log.error({ err, dispatcher: this.id, queue: queue.name, id: row.id }, 'could not record a dispatch outcome');
    }
  }

  private async outcomeFor(queue: DispatchQueue<any>, row: DispatchRow): Promise<PendingOutcome> {
    const policy: RetryPolicy = { ...DEFAULT_RETRY, ...queue.retry };
    const attempt = Number(row.attempts);
    const claim = { id: Number(row.id), attempts: attempt };
    if (attempt > policy.maxAttempts) {
      // Only lease expiries get here (a temporary failure at maxAttempts is final): the hand-off keeps
      // killing or stalling its dispatcher, so stop trying.
      return { ...claim, values: { status: DispatchStatus.Failed, last_error: `gave up: lease expired on ${attempt - 1} claims` } };
    }
    let outcome: Outcome;
    try {
      const idempotencyKey = queue.idempotencyKey?.(row) ?? `${queue.table}:${row.id}`;
      outcome = (await queue.handle(row, { idempotencyKey, attempt, dispatcherId: this.id, nowMs: this.clock.nowMs() })) ?? { result: 'sent' };
    } catch (err) {
      outcome = this.outcomeOf(err, queue, row);
    }
    return { ...claim, values: this.valuesFor(outcome, attempt, policy), also: outcome.also };
  }

  private async recordOne(table: string, p: PendingOutcome): Promise<boolean> {
    const claim = { id: p.id, dispatcherId: this.id, attempts: p.attempts };
    if (!p.also) return recordOutcome(this.db, table, claim, p.values);
    const also = p.also;
    return this.db.transaction().execute(async (trx) => {
      const recorded = await recordOutcome(trx, table, claim, p.values);
      if (recorded) await trx.insertInto(also.table).values(also.row).execute();
      return recorded;
    });
  }

  private outcomeOf(err: unknown, queue: DispatchQueue<any>, row: DispatchRow): Outcome {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentFailure) return { result: 'failed', error: message };
    if (err instanceof TemporaryFailure) return { result: 'retry', error: message, ...(err.retryAfterMs !== undefined ? { delayMs: err.retryAfterMs } : {}) };
    // Unexpected errors are retried (bounded by maxAttempts): most are transient, and a bug fails the message, not the process.
    this.log.warn({ err, dispatcher: this.id, queue: queue.name, id: row.id }, 'hand-off threw; will retry');
    return { result: 'retry', error: message };
  }

  private valuesFor(outcome: Outcome, attempt: number, policy: RetryPolicy): Record<string, unknown> {
    switch (outcome.result) {
      case 'sent':
        return { ...outcome.set, status: DispatchStatus.Sent, last_error: null };
      case 'failed':
        return { ...outcome.set, status: DispatchStatus.Failed, last_error: outcome.error.slice(0, 1000) };
      case 'retry':
        if (attempt >= policy.maxAttempts) {
          return { ...outcome.set, status: DispatchStatus.Failed, last_error: `${outcome.error} (gave up after ${attempt} attempts)`.slice(0, 1000) };
        }
        return {
          ...outcome.set,
          status: DispatchStatus.Queued,
          next_attempt_at: this.clock.nowMs() + (outcome.delayMs ?? backoffMs(policy, attempt)),
          last_error: outcome.error.slice(0, 1000),
        };
    }
  }

  private async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      const until = this.clock.nowMs() + this.opts.leaseMs;
      for (const [table, ids] of this.inFlight) await renewLeases(this.db, table, this.id, [...ids], until);
    } catch (err) {
      this.log.error({ err, dispatcher: this.id }, 'could not renew dispatch leases');
    } finally {
      this.renewing = false;
    }
  }
}
