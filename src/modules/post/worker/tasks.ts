import type { Address } from '../proofs/address.js';
import type { PanelInk } from '../proofs/ink.js';
import type { ThumbnailOptions } from '../proofs/render-pages.js';
import type { PdfInspection } from '../pipeline/pdf-inspect.js';
import type { WindowLine } from '../detect-address/window-text.js';

/**
 * The CPU-heavy post work a worker thread does, by name: what each takes and gives back. Inputs and outputs are
 * plain data (structured clone); PDF bytes travel as Uint8Array and are moved, not copied, into the thread.
 */
export interface PostTasks {
  /** PNG thumbnails of pages. */
  render: { input: { pdf: Uint8Array; opts: ThumbnailOptions }; output: Uint8Array[] };
  /** The preflight's look at one file, refusing more than maxPages pages before the expensive parts. */
  inspect: { input: { pdf: Uint8Array; maxPages: number }; output: PdfInspection };
  /** Two one-page files (front, back) merged into one 2-page card. */
  mergeFaces: { input: { pdfs: Uint8Array[] }; output: Uint8Array };
  composePostcard: { input: { pdf: Uint8Array; recipient: Address; returnAddress: Address }; output: Uint8Array };
  composeLetter: { input: { pdf: Uint8Array; recipient: Address; returnAddress: Address; templateUsed: boolean }; output: Uint8Array };
  /** How much artwork lies under a postcard back's address zone (page: 1-based). */
  ink: { input: { pdf: Uint8Array; page: number }; output: PanelInk };
  /** The text lines in the address window of page 1 (address detection). */
  windowLines: { input: { pdf: Uint8Array }; output: WindowLine[] };
  /** The published postcard layout (proofs/artwork-template.ts). */
  artworkTemplate: { input: Record<string, never>; output: Uint8Array };
}

export type PostTaskKind = keyof PostTasks;

export interface TaskMessage<K extends PostTaskKind = PostTaskKind> {
  id: number;
  kind: K;
  input: PostTasks[K]['input'];
}

export type WorkerReply =
  | { ready: true }
  | { id: number; output: unknown }
  /** An error thrown by the task, by name and message (PdfProblem, PasswordException, RangeError …). */
  | { id: number; error: string; name: string };
