// Entry point of a ProofRenderer worker thread: renders one job at a time and answers on the same port.
import { parentPort } from 'node:worker_threads';
import { loadPdfjs } from './pdfjs.js';
import { renderPages, type ThumbnailOptions } from './render-pages.js';

export interface RenderJob {
  id: number;
  pdf: Uint8Array;
  opts: ThumbnailOptions;
}

export type WorkerReply = { ready: true } | { id: number; pngs: Uint8Array[] } | { id: number; error: string; name: string };

const port = parentPort;
if (!port) throw new Error('render.worker.ts runs only as a worker thread');

port.on('message', async (job: RenderJob) => {
  try {
    const pngs = await renderPages(job.pdf, job.opts);
    port.postMessage({ id: job.id, pngs } satisfies WorkerReply);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    port.postMessage({ id: job.id, error: e.message, name: e.name } satisfies WorkerReply);
  }
});

/** A page with standard-font text, rendered once so the first real job does not pay for pdfjs's and skia's set-up. */
async function warmUp() {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 100]);
  page.drawText('Sendbox', { x: 10, y: 50, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  await renderPages(await doc.save(), { dpi: 72 });
}

await loadPdfjs();
await warmUp().catch(() => undefined);
port.postMessage({ ready: true } satisfies WorkerReply);
