/**
 * A plain-text thread: html-to-text over a large email body (it parses the whole document; megabytes take
 * long enough to hold up every other request if done on the API thread).
 */
import { parentPort } from 'node:worker_threads';
import { plainTextOf } from '../../core/messaging/index.js';

parentPort!.on('message', (job: { id: number; html: string }) => {
  try {
    parentPort!.postMessage({ id: job.id, text: plainTextOf(job.html) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
