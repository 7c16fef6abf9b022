import { Worker } from 'node:worker_threads';
import { plainTextOf } from '../../core/messaging/index.js';

const WORKER_URL = new URL('./plain-text.worker.mjs', import.meta.url);

/** Bodies up to this size are converted inline (a typical email takes well under a millisecond). */
export const INLINE_PLAIN_TEXT_CHARS = 64 * 1024;

type Reply = { id: number; text: string } | { id: number; error: string };

/**
 * The plain-text part of an email body: small bodies inline, large ones on one worker thread, started on first
 * use and ended by the module's close hook, so a multi-megabyte HTML body never holds the event loop.
 */
export class PlainTextConverter {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (t: string) => void; reject: (e: Error) => void }>();
  private next = 0;

  async of(html: string): Promise<string> {
    if (html.length <= INLINE_PLAIN_TEXT_CHARS) return plainTextOf(html);
    const worker = this.start();
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, html });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 512 } });
    // Idle between emails: it must not keep the process alive.
    w.unref();
    w.on('message', (m: Reply) => {
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if ('error' in m) p.reject(new Error(`plain-text conversion failed: ${m.error}`));
      else p.resolve(m.text);
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const p of this.waiting.values()) p.reject(err);
      this.waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`email plain-text worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }
}
