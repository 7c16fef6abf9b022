import type { DispatchLog } from './types.js';

/**
 * Housekeeping the dispatcher process runs on a timer (e.g. deleting expired uploads). Its state lives
 * in the database, not in the timer: the first run happens as soon as the dispatcher starts, so work
 * that fell due while no process was running is done after a restart, however long the interval.
 */
export interface PeriodicTask {
  readonly name: string;
  readonly intervalMs: number;
  /**
   * Every running dispatcher runs it (serve, each `sendbox worker`), so it must be idempotent and safe
   * to run in several processes at once. What it resolves to is logged when truthy.
   */
  run(): Promise<unknown>;
}

/** Runs each task now and then every intervalMs after the previous run finished; never two runs of one task at once. */
export class PeriodicRunner {
  private readonly tasks: PeriodicTask[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private active = false;
  private log: DispatchLog | undefined;

  add(task: PeriodicTask): void {
    if (this.tasks.some((t) => t.name === task.name)) throw new Error(`a periodic task named ${task.name} is already registered`);
    this.tasks.push(task);
    if (this.active) this.schedule(task, 0);
  }

  get names(): string[] {
    return this.tasks.map((t) => t.name);
  }

  start(log: DispatchLog): void {
    if (this.active) return;
    this.active = true;
    this.log = log;
    for (const task of this.tasks) this.schedule(task, 0);
  }

  /** No new runs; resolves once the runs in progress have finished. */
  async stop(): Promise<void> {
    this.active = false;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.inFlight]);
  }

  private schedule(task: PeriodicTask, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(task.name);
      const run: Promise<void> = task.run().then(
        (result) => {
          if (result) this.log?.info({ task: task.name, result }, 'periodic task done');
        },
        (err: unknown) => this.log?.error({ err, task: task.name }, 'periodic task failed; will run again at the next interval'),
      );
      this.inFlight.add(run);
      void run.finally(() => {
        this.inFlight.delete(run);
        if (this.active) this.schedule(task, task.intervalMs);
      });
    }, delayMs);
    // Housekeeping alone must not keep a process alive.
    timer.unref();
    this.timers.set(task.name, timer);
  }
}
