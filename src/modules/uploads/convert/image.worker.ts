// Entry point of an ImageConverter worker thread: converts one image at a time and answers on the same port.
import { parentPort, threadId } from 'node:worker_threads';
import { ApiError } from '../../../core/errors/index.js';
import type { ImageInfo, ImageKind } from '../detect.js';
import { imageToPdf, type PageTarget } from './image.js';
import { pdfToPostcard } from './pdf-postcard.js';

export type ImageJob =
  | { id: number; kind: ImageKind; bytes: Uint8Array; info: ImageInfo; target: PageTarget }
  /** A PDF made into postcard faces (see pdfToPostcard); no pdf in the answer means "keep the file as it is". */
  | { id: number; kind: 'pdf'; bytes: Uint8Array; target: 'postcard' };

/** `refused` carries an ApiError's message (the client's file is at fault); `error` anything else. */
export type ImageReply = { ready: true; threadId: number } | { id: number; pdf: Uint8Array | undefined; threadId: number } | { id: number; refused: string } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('image.worker.ts runs only as a worker thread');

port.on('message', async (job: ImageJob) => {
  try {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    const pdf = job.kind === 'pdf' ? await pdfToPostcard(bytes) : await imageToPdf(job.kind, bytes, job.info, job.target);
    if (!pdf) return port.postMessage({ id: job.id, pdf: undefined, threadId } satisfies ImageReply);
    // Its own ArrayBuffer, so it can be moved to the main thread rather than copied.
    const own = new Uint8Array(pdf);
    port.postMessage({ id: job.id, pdf: own, threadId } satisfies ImageReply, [own.buffer]);
  } catch (err) {
    if (err instanceof ApiError) port.postMessage({ id: job.id, refused: err.message } satisfies ImageReply);
    else port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies ImageReply);
  }
});

port.postMessage({ ready: true, threadId } satisfies ImageReply);
