import { Worker } from 'node:worker_threads';
import { normaliseRows, type NormaliseJob, type NormaliseReply } from './normalise-rows.js';

const WORKER_URL = new URL('./normalise.worker.mjs', import.meta.url);

type Reply = ({ id: number } & NormaliseReply) | { id: number; error: string } | { ready: true };

/**
 * Normalising threads for one import (CONTACT_IMPORT_WORKERS of them, started with the job and ended with it); with
 * none, rows are normalised inline. Chunks go round-robin and answer in any order; callers await them in file order.
 */
export class NormalisePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: NormaliseReply) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failed: Error | undefined;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 256 } });
      w.on('message', (m: Reply) => this.answer(m));
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => this.fail(new Error(`contact import worker exited with code ${code}`)));
      this.workers.push(w);
    }
  }

  run(job: Omit<NormaliseJob, 'id'>): Promise<NormaliseReply> {
    if (this.workers.length === 0) return Promise.resolve(normaliseRows(job));
    if (this.failed) return Promise.reject(this.failed);
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ ...job, id });
    });
  }

  async close(): Promise<void> {
    for (const w of this.workers) w.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private answer(m: Reply) {
    if ('ready' in m) return;
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if ('error' in m) w.reject(new Error(`normalising rows failed: ${m.error}`));
    else w.resolve(m);
  }

  private fail(err: Error) {
    this.failed ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
