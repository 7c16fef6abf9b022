/** Proofs of post items: the address printed where the post office will read it, and PNG thumbnails of the result. */
export type { Address } from './address.js';
export { recipientLines, returnAddressLines, localityLines, countryLine } from './address.js';
export type { ProofWarning } from './address-block.js';
export { checkAddressPrint, warmAddressFonts, type AddressPrintCheck } from './address-check.js';
export type { PanelKind, PrintProblem } from './address-layout.js';
// Not compose.js nor fonts.js: they load pdf-lib and fontkit (most of a second of start-up) and run in the post
// workers, which import them directly, as do their tests.
export type { ComposeOptions } from './compose.js';
export {
  ADDRESS_PANEL_MM,
  LETTER_WINDOW_MM,
  POSTCARD_BLEED_MM,
  POSTCARD_TRIM_MM,
  PT_PER_MM,
  grow,
  insideRect,
  letterWindow,
  mm,
  postcardAddressPanel,
  toMm,
  type PanelGeometry,
  type Rect,
} from './geometry.js';
export { openPdf, readPageText, type PageText, type PositionedText } from './pdfjs.js';
export { DEFAULT_DPI, type ThumbnailOptions } from './render-pages.js';
export { ProofRenderer, PostJobAbandoned, PostWorkersBusy, type ProofRendererOptions } from './renderer.js';
