/**
 * A contact-import thread: normalises chunks of rows with the very normaliseContact the API uses (libphonenumber-js is
 * most of an import's CPU), so the importing thread only parses and inserts.
 */
import { parentPort } from 'node:worker_threads';
import { normaliseRows, type NormaliseJob } from './normalise-rows.js';

parentPort!.on('message', (job: NormaliseJob) => {
  try {
    parentPort!.postMessage({ id: job.id, ...normaliseRows(job) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort!.postMessage({ ready: true });
