import type { PostAddress } from './recipients.js';
import type { ReturnAddressSnapshot } from './schemas.js';

/**
 * What the pipeline needs from the proofs module (src/modules/post/proofs): the print-ready PDF of one item
 * with its address printed where the post office reads it, and PNG thumbnails rendered off the request path.
 * Built once in services.ts and handed to postcards and letters.
 */
export interface ProofKit {
  /** The 2-page postcard with the recipient and return address in the back's address panel. */
  composePostcardProof(merged: Buffer, recipient: PostAddress, returnAddress: ReturnAddressSnapshot): Promise<Buffer>;
  /** The letter with the address in the window of page 1 (templateUsed) or on an added cover page. */
  composeLetterProof(pdf: Buffer, recipient: PostAddress, returnAddress: ReturnAddressSnapshot, opts: { templateUsed: boolean }): Promise<Buffer>;
  /** PNGs of the given 1-based pages, in that order. */
  renderThumbnails(pdf: Buffer, opts: { dpi: number; pages: number[] }): Promise<Buffer[]>;
  /** Ends whatever the kit started (render threads); later calls fail. */
  close(): Promise<void>;
}

/** Thumbnails big enough to read the address on, small enough to list many (an A5 face is ~830 × 580 px). */
export const THUMBNAIL_DPI = 100;
