import { Worker } from 'node:worker_threads';
import type { PostTaskKind, PostTasks, TaskMessage, WorkerReply } from '../worker/tasks.js';
import { checkThumbnailOptions, type ThumbnailOptions } from './render-pages.js';

export interface ProofRendererOptions {
  /** Worker threads; 1 by default, which leaves the other core of a 2-core box to the API. */
  workers?: number;
  /** A job that takes longer (a hostile or broken PDF) is abandoned and its worker replaced. */
  jobTimeoutMs?: number;
  /** Jobs waiting beyond this are refused at once rather than piling up in memory. */
  maxQueued?: number;
  /** JavaScript heap of each worker; a PDF that needs more kills only its worker, which is replaced. */
  maxHeapMb?: number;
}

interface Pending {
  id: number;
  kind: PostTaskKind;
  input: unknown;
  /** Buffers moved (not copied) into the thread: private copies made when the job was queued. */
  transfer: ArrayBuffer[];
  resolve: (output: unknown) => void;
  reject: (err: Error) => void;
}

/** A job the pool gave up on (too slow, or its thread died or ran out of memory): the input is too heavy. */
export class PostJobAbandoned extends Error {
  override name = 'PostJobAbandoned';
}

/** Too many jobs waiting: refused at once rather than piling up in memory. */
export class PostWorkersBusy extends Error {
  override name = 'PostWorkersBusy';
}

interface Slot {
  worker: Worker;
  job?: Pending;
  timer?: NodeJS.Timeout;
}

/** Jobs an HTTP request is waiting on (send and price preflight, detect-address), as opposed to proof jobs. */
const REQUEST_KINDS: ReadonlySet<PostTaskKind> = new Set(['inspect', 'mergeFaces', 'ink', 'windowLines']);

// A JavaScript entry that registers tsx, then loads post.worker.ts: threads do not inherit the server's loader.
const WORKER_URL = new URL('../worker/post.worker.mjs', import.meta.url);

/**
 * The post worker pool: a few threads that do every CPU-heavy step of post (preflight parsing and page counts,
 * merging faces, proof composition, thumbnails, address detection), so none of it blocks the event loop. At most
 * `workers` jobs run at once; the rest wait in order. Built once, start()ed by whoever owns the process,
 * stop()ped on shutdown. (Named for its first job, rendering thumbnails.)
 */
export class ProofRenderer {
  readonly size: number;
  private readonly jobTimeoutMs: number;
  private readonly maxQueued: number;
  private readonly maxHeapMb: number;
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private running = false;
  private readonly counts = new Map<PostTaskKind, number>();

  constructor(opts: ProofRendererOptions = {}) {
    this.size = opts.workers ?? 1;
    if (!Number.isInteger(this.size) || this.size < 1 || this.size > 16) throw new RangeError(`workers must be 1–16, got ${opts.workers}`);
    this.jobTimeoutMs = opts.jobTimeoutMs ?? 30_000;
    this.maxQueued = opts.maxQueued ?? 1000;
    this.maxHeapMb = opts.maxHeapMb ?? 512;
  }

  get started(): boolean {
    return this.running;
  }

  /** Jobs finished in the threads so far, by kind (for /metrics-style checks and tests). */
  get completed(): Readonly<Partial<Record<PostTaskKind, number>>> {
    return Object.fromEntries(this.counts);
  }

  /** Starts the workers; resolves when each has loaded pdfjs and the canvas and can take a job. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const settled = await Promise.allSettled(Array.from({ length: this.size }, () => this.spawn()));
    const slots = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed || !this.running) {
      // A thread could not start, or stop() came while they were starting: leave nothing running.
      await Promise.all(slots.map((s) => s.worker.terminate()));
      if (failed) {
        this.running = false;
        for (const job of this.queue.splice(0)) job.reject(failed.reason as Error);
        throw failed.reason;
      }
      return;
    }
    this.slots = slots;
    this.dispatch();
  }

  /** Refuses queued jobs, abandons running ones and ends the threads. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const stopped = new Error('ProofRenderer stopped before the job ran');
    for (const job of this.queue.splice(0)) job.reject(stopped);
    const slots = this.slots.splice(0);
    for (const slot of slots) this.finish(slot)?.reject(stopped);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** PNG thumbnails of the given pages (all by default) at `dpi` (100) or a fixed `width`. */
  async renderThumbnails(pdf: Uint8Array, opts: ThumbnailOptions = {}): Promise<Buffer[]> {
    checkThumbnailOptions(opts);
    const pngs = await this.run('render', { pdf, opts });
    return pngs.map((png) => Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  }

  /** Runs one task in a thread. Its byte arrays are copied, and the copies moved into the thread: the caller keeps its own. */
  run<K extends PostTaskKind>(kind: K, input: PostTasks[K]['input']): Promise<PostTasks[K]['output']> {
    return new Promise((resolve, reject) => {
      if (!this.running) return reject(new Error('ProofRenderer is not started; call start() first'));
      if (this.queue.length >= this.maxQueued) return reject(new PostWorkersBusy(`ProofRenderer queue is full (${this.maxQueued} jobs waiting)`));
      const transfer: ArrayBuffer[] = [];
      // A Buffer may be a view of a shared pool; only whole private copies can be moved to another thread.
      const own = (v: unknown): unknown => {
        if (v instanceof Uint8Array) {
          const copy = new Uint8Array(v);
          transfer.push(copy.buffer as ArrayBuffer);
          return copy;
        }
        return Array.isArray(v) ? v.map(own) : v;
      };
      const owned = Object.fromEntries(Object.entries(input as object).map(([k, v]) => [k, own(v)]));
      const job: Pending = { id: this.nextId++, kind, input: owned, transfer, resolve: resolve as (output: unknown) => void, reject };
      // A request waits on its preflight; proofs are background work: requests' jobs go ahead of them, in order.
      const behind = REQUEST_KINDS.has(kind) ? this.queue.findIndex((j) => !REQUEST_KINDS.has(j.kind)) : -1;
      if (behind < 0) this.queue.push(job);
      else this.queue.splice(behind, 0, job);
      this.dispatch();
    });
  }

  private spawn(): Promise<Slot> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb } });
      const slot: Slot = { worker };
      const onStartupExit = (code: number) => reject(new Error(`proof render worker exited with code ${code} while starting`));
      worker.once('error', reject);
      worker.once('exit', onStartupExit);
      worker.on('message', (msg: WorkerReply) => {
        if ('ready' in msg) {
          worker.off('error', reject);
          worker.off('exit', onStartupExit);
          // A thread that dies mid-job (out of memory on a hostile PDF, most often) fails that job only.
          worker.on('error', (err) => this.lost(slot, new PostJobAbandoned(`the worker thread failed: ${err.message}`)));
          worker.on('exit', (code) => this.lost(slot, new PostJobAbandoned(`the worker thread exited with code ${code}`)));
          resolve(slot);
          return;
        }
        const job = this.finish(slot);
        if (!job || job.id !== msg.id) return;
        if ('error' in msg) job.reject(Object.assign(new Error(msg.error), { name: msg.name }));
        else {
          this.counts.set(job.kind, (this.counts.get(job.kind) ?? 0) + 1);
          job.resolve(msg.output);
        }
        this.dispatch();
      });
    });
  }

  /** Jobs running now: those a request waits on, and proof work (for tests and metrics). */
  get busy(): { request: number; proof: number } {
    const running = this.slots.flatMap((s) => (s.job ? [s.job.kind] : []));
    const request = running.filter((k) => REQUEST_KINDS.has(k)).length;
    return { request, proof: running.length - request };
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue[0];
      if (!job) return;
      // With two threads or more, proof work leaves one to the requests: a send's preflight then waits for a CPU, not
      // for a whole proof job to end (100 proof jobs follow every 100-recipient send). Requests are queued first, so
      // a proof job at the head means no request is waiting.
      if (!REQUEST_KINDS.has(job.kind) && this.busy.proof >= Math.max(1, this.slots.length - 1)) return;
      this.queue.shift();
      slot.job = job;
      slot.timer = setTimeout(() => this.lost(slot, new PostJobAbandoned(`${job.kind} took longer than ${this.jobTimeoutMs} ms and was abandoned`)), this.jobTimeoutMs);
      const message: TaskMessage = { id: job.id, kind: job.kind, input: job.input as never };
      slot.worker.postMessage(message, job.transfer);
    }
  }

  /** Detaches the slot's job (and its timer) and hands it back. */
  private finish(slot: Slot): Pending | undefined {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    slot.timer = undefined;
    return job;
  }

  /** A worker died or hung: its job fails, the thread is ended and replaced so the pool keeps its size. */
  private lost(slot: Slot, err: Error) {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    this.finish(slot)?.reject(err);
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    if (!this.running) return;
    this.spawn().then(
      (fresh) => {
        if (!this.running) return void fresh.worker.terminate();
        this.slots.push(fresh);
        this.dispatch();
      },
      (spawnErr: Error) => {
        // Nothing left to run the queue: fail it rather than leave callers waiting forever.
        if (this.slots.length === 0) for (const job of this.queue.splice(0)) job.reject(spawnErr);
      },
    );
  }
}
