import type { PanelInk } from '../proofs/ink.js';
import type { PdfInspection } from './pdf-inspect.js';
import type { PostAddress } from './recipients.js';
import type { ReturnAddressSnapshot } from './schemas.js';

/** The preflight's PDF work: run in the post worker threads by ModuleProofKit, on the calling thread in unit tests. */
export interface PdfChecks {
  /** Sizes, fonts and oversized images of one file, or how many pages it has when that is more than maxPages. */
  inspectPdf(pdf: Buffer, opts: { maxPages: number }): Promise<PdfInspection>;
  /** Two one-page files (front, back) as one 2-page PDF. */
  mergeFaces(pdfs: Buffer[]): Promise<Buffer>;
  /** The share of a postcard back's address zone that carries artwork (page: 1-based), from a low-resolution render. */
  inkUnderPanel(pdf: Buffer, opts: { page: number }): Promise<PanelInk>;
}

/**
 * What the pipeline needs from the proofs module (src/modules/post/proofs): the preflight's checks, the print-ready
 * PDF of one item with its address printed where the post office reads it, PNG thumbnails, and the address-window
 * text (detect-address). Every method runs in a bounded pool of worker threads, never on the event loop. Built once
 * by the post module (src/modules/post/index.ts) and handed to postcards, letters and detect-address.
 */
export interface ProofKit extends PdfChecks {
  /** The 2-page postcard with the recipient and return address in the back's address panel. */
  composePostcardProof(merged: Buffer, recipient: PostAddress, returnAddress: ReturnAddressSnapshot): Promise<Buffer>;
  /** The letter with the address in the window of page 1 (templateUsed) or on an added cover page. */
  composeLetterProof(pdf: Buffer, recipient: PostAddress, returnAddress: ReturnAddressSnapshot, opts: { templateUsed: boolean }): Promise<Buffer>;
  /**
   * PNGs of the given 1-based pages, in that order, showing each page's TrimBox (the card as the recipient sees it)
   * at `longSide` pixels on its long side; with `smallLongSide`, a second smaller PNG after each page's.
   */
  renderThumbnails(pdf: Buffer, opts: { pages: number[]; longSide: number; smallLongSide?: number }): Promise<Buffer[]>;
  /** Text lines (with their largest font size) in the address window of page 1. */
  readWindowLines(pdf: Buffer): Promise<Array<{ text: string; size: number }>>;
  /** Ends whatever the kit started (worker threads); later calls fail. */
  close(): Promise<void>;
}

/** The proof thumbnails: the trim at 1200 px on its long side (an A5 card 1200 × 846 px, its 7 pt return address set at 14 px). */
export const THUMBNAIL_LONG_SIDE_PX = 1200;
/** The small thumbnail for lists: 300 px on the long side (an A5 card 300 × 211 px). */
export const THUMBNAIL_SMALL_LONG_SIDE_PX = 300;
