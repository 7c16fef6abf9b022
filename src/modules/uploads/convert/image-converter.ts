import { Worker } from 'node:worker_threads';
import { ApiError } from '../../../core/errors/index.js';
import type { ImageInfo, ImageKind } from '../detect.js';
import type { PageTarget } from './image.js';
import { checkPixels } from './pixels.js';
import type { ImageJob, ImageReply } from './image.worker.js';

export interface ImageConverterOptions {
  /** Worker threads converting at once (IMAGE_WORKERS); each may hold a 100 MB bitmap. */
  workers: number;
  /** Conversions waiting for a thread beyond this are refused with 503 (IMAGE_QUEUE_MAX). */
  maxQueued: number;
  /** A conversion that takes longer is abandoned (its thread replaced) and refused with 400. */
  timeoutMs: number;
  /** A thread idle this long is ended, giving back its memory; the next upload starts one again. */
  idleMs?: number;
  /** JavaScript heap of each thread (pixel buffers live outside it). */
  maxHeapMb?: number;
}

interface Pending {
  job: ImageJob;
  resolve: (pdf: Buffer | undefined) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Pending;
  timer?: NodeJS.Timeout;
}

/** What the pool has done, for tests and diagnostics. */
export interface ImageConverterStats {
  /** Conversions handed to a thread, and those answered (either way). */
  started: number;
  finished: number;
  /** Most conversions ever running at once: never above `workers`. */
  peakRunning: number;
  /** Thread ids that have answered a conversion (the main thread's id is 0). */
  threadIds: number[];
}

// A JavaScript entry that registers tsx, then loads image.worker.ts: threads do not inherit the server's loader.
const WORKER_URL = new URL('./image.worker.mjs', import.meta.url);

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Converts images to one-page PDFs in a small pool of worker threads, so decoding a 25-megapixel PNG never
 * blocks the event loop. Threads start on first use and end when idle; close() ends them at shutdown.
 * Skia's PNG encoder is never used here (the async one crashes under sustained use, @napi-rs/canvas #1312).
 */
export class ImageConverter {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly counts = { started: 0, finished: 0, peakRunning: 0 };
  private readonly threadIds = new Set<number>();

  constructor(private readonly opts: ImageConverterOptions) {
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new RangeError(`workers must be a positive integer, got ${opts.workers}`);
  }

  stats(): ImageConverterStats {
    return { ...this.counts, threadIds: [...this.threadIds] };
  }

  /** One page of the target size holding the image (see imageToPdf); ApiError for images the client must fix. */
  async toPdf(kind: ImageKind, bytes: Buffer, info: ImageInfo, target: PageTarget): Promise<Buffer> {
    // Cheap and from the header: a bomb is refused before it takes a place in the queue.
    checkPixels(kind, info);
    // A private copy with its own ArrayBuffer, which then moves to the thread without another copy.
    const pdf = await this.submit({ id: this.nextId++, kind, bytes: new Uint8Array(bytes), info, target });
    if (!pdf) throw new Error('image conversion gave no PDF');
    return pdf;
  }

  /** A PDF's pages as postcard faces (see pdfToPostcard), or undefined when its pages already are; in the same threads. */
  pdfToPostcard(bytes: Buffer): Promise<Buffer | undefined> {
    return this.submit({ id: this.nextId++, kind: 'pdf', bytes: new Uint8Array(bytes), target: 'postcard' });
  }

  private submit(job: ImageJob): Promise<Buffer | undefined> {
    if (this.closed) return Promise.reject(new Error('ImageConverter is closed'));
    const running = this.slots.filter((s) => s.job).length;
    if (running + this.queue.length >= this.opts.workers + this.opts.maxQueued) {
      const what = job.kind === 'pdf' ? 'PDF' : job.kind.toUpperCase();
      return Promise.reject(
        new ApiError('SERVICE_UNAVAILABLE', `The server is busy converting other images (${running + this.queue.length} running or waiting); upload this ${what} again in a moment.`),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Refuses waiting conversions, abandons running ones and ends the threads. */
  async close(): Promise<void> {
    this.closed = true;
    const stopped = new Error('ImageConverter closed before the conversion finished');
    for (const p of this.queue.splice(0)) p.reject(stopped);
    const slots = this.slots.splice(0);
    for (const slot of slots) this.release(slot)?.reject(stopped);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue;
      const pending = this.queue.shift()!;
      clearTimeout(slot.timer);
      slot.job = pending;
      slot.timer = setTimeout(
        () =>
          this.lost(
            slot,
            ApiError.badRequest(
              `Converting this ${pending.job.kind.toUpperCase()}${pending.job.kind === 'pdf' ? '' : ' image'} took longer than ${seconds(this.opts.timeoutMs)} and was stopped; scale it down and upload again.`,
            ),
          ),
        this.opts.timeoutMs,
      );
      slot.worker.ref(); // a conversion in progress keeps the process alive; an idle thread does not
      this.counts.started++;
      this.counts.peakRunning = Math.max(this.counts.peakRunning, this.slots.filter((s) => s.job).length);
      slot.worker.postMessage(pending.job, [pending.job.bytes.buffer as ArrayBuffer]);
    }
    // Threads start on demand: one per waiting job that no idle (or starting) thread will take, up to the pool size.
    const spare = this.slots.filter((s) => !s.job).length;
    for (let n = this.queue.length - spare; n > 0 && this.slots.length < this.opts.workers; n--) this.spawn();
  }

  private spawn() {
    const worker = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb ?? 256 } });
    worker.unref();
    const slot: Slot = { worker, ready: false };
    this.slots.push(slot);
    worker.on('message', (msg: ImageReply) => this.answer(slot, msg));
    worker.on('error', (err) => this.lost(slot, err));
    worker.on('exit', (code) => this.lost(slot, new Error(`image worker exited with code ${code}`)));
  }

  private answer(slot: Slot, msg: ImageReply) {
    if ('ready' in msg) {
      slot.ready = true;
      this.idle(slot);
      return this.dispatch();
    }
    const pending = this.release(slot);
    if (!pending || pending.job.id !== msg.id) return;
    this.counts.finished++;
    if ('pdf' in msg) {
      this.threadIds.add(msg.threadId);
      pending.resolve(msg.pdf && Buffer.from(msg.pdf.buffer, msg.pdf.byteOffset, msg.pdf.byteLength));
    } else if ('refused' in msg) pending.reject(ApiError.badRequest(msg.refused));
    else pending.reject(new Error(`image conversion failed: ${msg.error}`));
    this.idle(slot);
    this.dispatch();
  }

  /** Ends a thread that stays idle for idleMs; the timer is unref'd, so it never holds the process open. */
  private idle(slot: Slot) {
    slot.worker.unref();
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.retire(slot), this.opts.idleMs ?? 30_000).unref();
  }

  private retire(slot: Slot) {
    if (slot.job || !this.slots.includes(slot)) return;
    this.slots.splice(this.slots.indexOf(slot), 1);
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
  }

  /** Detaches the slot's conversion (and its timer) and hands it back. */
  private release(slot: Slot): Pending | undefined {
    clearTimeout(slot.timer);
    const pending = slot.job;
    slot.job = undefined;
    slot.timer = undefined;
    return pending;
  }

  /** A thread died, failed to start or overran: its conversion fails, the thread is ended, and a new one starts if jobs wait. */
  private lost(slot: Slot, err: Error) {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const pending = this.release(slot);
    if (pending) {
      this.counts.finished++;
      pending.reject(err);
    }
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    if (this.closed) return;
    // A thread that could not even start would fail again: rather than loop, fail what waits when none is left.
    if (!slot.ready && !this.slots.some((s) => s.ready)) {
      for (const p of this.queue.splice(0)) p.reject(err);
      return;
    }
    this.dispatch();
  }
}
