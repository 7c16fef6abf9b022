import { TemporaryFailure } from '../../../core/dispatch/index.js';
import { ProofRenderer, type ProofRendererOptions } from '../proofs/index.js';
import type { PostTaskKind, PostTasks } from '../worker/tasks.js';
import { PdfProblem } from './pdf-problem.js';
import type { ProofKit } from './proof-kit.js';

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * The proofs module as the pipeline uses it: every call is a job for the post worker pool (ProofRenderer), so
 * PDF parsing, composition and rendering never run on the event loop. The threads start on the first job, in
 * whichever process needs them; close() ends them and refuses further work (a proof job caught by shutdown is
 * retried by the next dispatcher).
 */
export class ModuleProofKit implements ProofKit {
  private starting: Promise<void> | undefined;
  private closed = false;

  readonly workers: ProofRenderer;

  /** A pool, or the options of one (POST_WORKERS threads, built by the post module). */
  constructor(pool: ProofRenderer | ProofRendererOptions = {}) {
    this.workers = pool instanceof ProofRenderer ? pool : new ProofRenderer(pool);
  }

  private async run<K extends PostTaskKind>(kind: K, input: PostTasks[K]['input']): Promise<PostTasks[K]['output']> {
    if (this.closed) throw new TemporaryFailure('the post worker threads are shutting down');
    this.starting ??= this.workers.start().catch((err: unknown) => {
      this.starting = undefined; // a later job tries to start them again
      throw err;
    });
    await this.starting;
    return this.workers.run(kind, input);
  }

  async inspectPdf(pdf: Buffer, opts: { maxPages: number }) {
    try {
      return await this.run('inspect', { pdf, maxPages: opts.maxPages });
    } catch (err) {
      // The thread reports the file's problem by name; the preflight words it for the request.
      if ((err as Error).name === 'PdfProblem') throw new PdfProblem((err as Error).message);
      throw err;
    }
  }

  async mergeFaces(pdfs: Buffer[]) {
    return asBuffer(await this.run('mergeFaces', { pdfs }));
  }

  inkUnderPanel(pdf: Buffer, opts: { page: number }) {
    return this.run('ink', { pdf, page: opts.page });
  }

  composePostcardProof: ProofKit['composePostcardProof'] = async (merged, recipient, returnAddress) => asBuffer(await this.run('composePostcard', { pdf: merged, recipient, returnAddress }));

  composeLetterProof: ProofKit['composeLetterProof'] = async (pdf, recipient, returnAddress, opts) =>
    asBuffer(await this.run('composeLetter', { pdf, recipient, returnAddress, templateUsed: opts.templateUsed }));

  async renderThumbnails(pdf: Buffer, opts: { pages: number[]; longSide: number; smallLongSide?: number }): Promise<Buffer[]> {
    const pngs = await this.run('render', { pdf, opts: { ...opts, trim: true } });
    return pngs.map(asBuffer);
  }

  readWindowLines(pdf: Buffer) {
    return this.run('windowLines', { pdf });
  }

  /** The postcard artwork template PDF (made in a thread: it embeds a font); callers keep the bytes. */
  async artworkTemplate(): Promise<Buffer> {
    return asBuffer(await this.run('artworkTemplate', {}));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => undefined);
    await this.workers.stop();
  }
}
