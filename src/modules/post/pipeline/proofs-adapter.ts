import { TemporaryFailure } from '../../../core/dispatch/index.js';
import { composeLetterProof, composePostcardProof, ProofRenderer } from '../proofs/index.js';
import type { ProofKit } from './proof-kit.js';

/**
 * The proofs module as the pipeline uses it. Its renderer (worker threads) starts on the first thumbnail, in
 * whichever process runs the proof jobs, so an API process that never renders never starts threads; close()
 * ends them and refuses further work (a proof job caught by shutdown is retried by the next dispatcher).
 */
export class ModuleProofKit implements ProofKit {
  private starting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly renderer: ProofRenderer = new ProofRenderer({ workers: 1 })) {}

  composePostcardProof: ProofKit['composePostcardProof'] = (merged, recipient, returnAddress) => composePostcardProof(merged, recipient, returnAddress);

  composeLetterProof: ProofKit['composeLetterProof'] = (pdf, recipient, returnAddress, opts) =>
    composeLetterProof(pdf, recipient, returnAddress, { templateUsed: opts.templateUsed });

  async renderThumbnails(pdf: Buffer, opts: { dpi: number; pages: number[] }): Promise<Buffer[]> {
    if (this.closed) throw new TemporaryFailure('the proof renderer is shutting down');
    this.starting ??= this.renderer.start().catch((err: unknown) => {
      this.starting = undefined; // a later job tries to start it again
      throw err;
    });
    await this.starting;
    return this.renderer.renderThumbnails(pdf, opts);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => undefined);
    await this.renderer.stop();
  }
}
