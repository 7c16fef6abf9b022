import { Worker } from 'node:worker_threads';
import { checkThumbnailOptions, type ThumbnailOptions } from './render-pages.js';
import type { RenderJob, WorkerReply } from './render.worker.js';

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
  pdf: Uint8Array;
  opts: ThumbnailOptions;
  resolve: (pngs: Buffer[]) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Pending;
  timer?: NodeJS.Timeout;
}

// A JavaScript entry that registers tsx, then loads render.worker.ts: threads do not inherit the server's loader.
const WORKER_URL = new URL('./render.worker.mjs', import.meta.url);

/**
 * Renders PDF pages to PNG thumbnails in a small pool of worker threads, so pdfjs parsing and rasterising never
 * block the event loop. Built once, start()ed by whoever owns the process, stop()ped on shutdown.
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
  renderThumbnails(pdf: Uint8Array, opts: ThumbnailOptions = {}): Promise<Buffer[]> {
    return new Promise((resolve, reject) => {
      if (!this.running) return reject(new Error('ProofRenderer is not started; call start() first'));
      checkThumbnailOptions(opts);
      if (this.queue.length >= this.maxQueued) return reject(new Error(`ProofRenderer queue is full (${this.maxQueued} jobs waiting)`));
      // A private copy: the caller keeps its buffer, and the copy moves to the worker without another copy.
      this.queue.push({ id: this.nextId++, pdf: new Uint8Array(pdf), opts, resolve, reject });
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
          worker.on('error', (err) => this.lost(slot, err));
          worker.on('exit', (code) => this.lost(slot, new Error(`proof render worker exited with code ${code}`)));
          resolve(slot);
          return;
        }
        const job = this.finish(slot);
        if (!job || job.id !== msg.id) return;
        if ('error' in msg) job.reject(Object.assign(new Error(msg.error), { name: msg.name }));
        else job.resolve(msg.pngs.map((png) => Buffer.from(png.buffer, png.byteOffset, png.byteLength)));
        this.dispatch();
      });
    });
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.lost(slot, new Error(`rendering took longer than ${this.jobTimeoutMs} ms and was abandoned`)), this.jobTimeoutMs);
      const message: RenderJob = { id: job.id, pdf: job.pdf, opts: job.opts };
      slot.worker.postMessage(message, [job.pdf.buffer as ArrayBuffer]);
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
