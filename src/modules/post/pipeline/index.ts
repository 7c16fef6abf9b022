/**
 * The post pipeline every post product (postcards, letters) runs through, driven by its PostProductDescription: fetch,
 * preflight, recipients, price, queue, proofs, print hand-off, history, export and cancel.
 */
export { fetchSources, fileLabel, preflightPostcard, preflightLetter, FILE_MAX_BYTES, FILE_TIMEOUT_MS, type SourceFile } from './preflight.js';
export { A4 as A4_MM, A5 as A5_MM, BLEED_MM } from './paper.js';
export { describeSize, postcardFit, isA4Portrait, POSTCARD_RULE, LETTER_RULE, LETTER_MAX_SHEETS, LETTER_PAGES_RULE, letterMaxPages, type PageSize } from './paper.js';
// Not inspectPdf and friends: they load pdf-lib (a second of start-up on a small machine) and run in the post workers,
// which import pdf-inspect.js directly.
export type { PdfInspection } from './pdf-inspect.js';
export { PdfProblem } from './pdf-problem.js';
export { countPageObjects } from './page-count.js';
export { checkRecipient, TEST_POSTCODES, type PostAddress, type AcceptedRecipient, type RefusedRecipient, type CheckedRecipient, type RecipientStatus } from './recipients.js';
export {
  PostRecipientInput,
  Recipients,
  ReturnAddressSnapshot,
  ThumbnailUrls,
  HistoryQuery,
  ExportQuery,
  ExportResult,
  MessageIdParams,
  RefusedRecipientRecord,
  Warnings,
  ItemWarnings,
} from './schemas.js';
export { checkRecipients, currencyOf, prepareItems, storeOnce, itemColumns, type PostDeps, type SendOrigin, type PreparedItem } from './send.js';
export { acceptBatch, proofJobsQueue, type Charge, type ProofMaker } from './queue.js';
export { PostItemsRepository, type DateRange, type CancelResult } from './repository.js';
export { PostItemRecords, type PostItemKind } from './records.js';
export { exportColumns, exportRow } from './export-columns.js';
export { ensureProof, ensureThumbnails, postItemQueue, productProof, makeProductProofs, productQueue } from './handoff.js';
export { PostProductService, postProofJobs, sendAnswer } from './product-service.js';
export { ownFileName } from './own-files.js';
export type {
  PostProductDescription,
  AnyPostProduct,
  PostItemTable,
  PostItemRow,
  PostSendBody,
  NewItem,
  OwnColumns,
  PrintFileField,
  Preflighted,
  PricedRequest,
  ThumbnailSpec,
} from './product.js';
export { addressOf, returnAddressOf, oneLine, proofLinks, presentRefused, exportCsv, warningsOf } from './present.js';
export { proofFileName, backThumbnailName, frontThumbnailName, firstPageThumbnailName, smallThumbnailName, sourceFileName } from './names.js';
export { THUMBNAIL_LONG_SIDE_PX, THUMBNAIL_SMALL_LONG_SIDE_PX, type ProofKit, type PdfChecks } from './proof-kit.js';
export { ModuleProofKit } from './proofs-adapter.js';
export type { PostItemColumns, PostProduct, PostProofJobRow } from './tables.js';
// The send-time address check's fonts, warmed by `sendbox serve` after listen.
export { warmAddressFonts } from '../proofs/index.js';
