// Entry point of a post worker thread (see ProofRenderer): runs one task at a time and answers on the same port.
import { parentPort } from 'node:worker_threads';
import { readWindowLines } from '../detect-address/window-text.js';
import { inspectPdf, inspectPdfFacts, mergeFaces } from '../pipeline/pdf-inspect.js';
import { artworkTemplatePdf } from '../proofs/artwork-template.js';
import { composeLetterProof, composePostcardProof } from '../proofs/compose.js';
import { inkUnderPanel } from '../proofs/ink.js';
import { loadPdfjs } from '../proofs/pdfjs.js';
import { renderPages } from '../proofs/render-pages.js';
import type { PostTaskKind, PostTasks, TaskMessage, WorkerReply } from './tasks.js';

const port = parentPort;
if (!port) throw new Error('post.worker.ts runs only as a worker thread');

type Handlers = { [K in PostTaskKind]: (input: PostTasks[K]['input']) => Promise<PostTasks[K]['output']> };

const handlers: Handlers = {
  render: async ({ pdf, opts }) => {
    // pdfjs would leave such an image out and the thumbnail would look fine but blank there: fail it by name.
    const big = (await inspectPdf(pdf)).largeImages.find((i) => !opts.pages || opts.pages.includes(i.page));
    if (big) throw Object.assign(new Error(`page ${big.page} has an image of ${big.width} × ${big.height} pixels, above the 64 MP the renderer draws`), { name: 'ImageTooLarge' });
    return renderPages(pdf, opts);
  },
  inspect: ({ pdf, maxPages }) => inspectPdfFacts(pdf, { maxPages }),
  mergeFaces: ({ pdfs }) => mergeFaces(pdfs),
  composePostcard: async ({ pdf, recipient, returnAddress }) => composePostcardProof(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), recipient, returnAddress),
  composeLetter: async ({ pdf, recipient, returnAddress, templateUsed }) => composeLetterProof(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), recipient, returnAddress, { templateUsed }),
  windowLines: ({ pdf }) => readWindowLines(pdf),
  artworkTemplate: () => artworkTemplatePdf(),
  ink: ({ pdf, page }) => inkUnderPanel(pdf, page),
};

port.on('message', async (msg: TaskMessage) => {
  try {
    const output = await (handlers[msg.kind] as (input: unknown) => Promise<unknown>)(msg.input);
    port.postMessage({ id: msg.id, output } satisfies WorkerReply);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    // pdfjs's exceptions are not Error subclasses but carry a name (PasswordException, InvalidPDFException).
    const name = (err as { name?: unknown })?.name;
    port.postMessage({ id: msg.id, error: e.message, name: typeof name === 'string' ? name : e.name } satisfies WorkerReply);
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
