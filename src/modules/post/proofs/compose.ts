import { PDFDocument } from 'pdf-lib';
import type { Address } from './address.js';
import { drawAddressPanel, type ProofWarning } from './address-block.js';
import { fitAddressPanel, type PanelKind } from './address-layout.js';
import { A4_PT, letterWindow, postcardAddressPanel, type Rect } from './geometry.js';
import { visibleFrame } from './page-frame.js';
import { setLetterPrintBoxes, setPostcardPrintBoxes } from './print-boxes.js';

export interface ComposeOptions {
  /**
   * Told when the address could not be printed exactly as given (characters no font has, text cut short: sends
   * refuse such recipients, so only older items meet this) or not at its normal size (shrunk, wrapped).
   */
  onWarning?: (warning: ProofWarning) => void;
}

async function open(pdf: Buffer | Uint8Array) {
  // updateMetadata: false keeps the sender's Producer/ModDate: the proof changes the address area only.
  return PDFDocument.load(pdf, { updateMetadata: false });
}

async function save(doc: PDFDocument): Promise<Buffer> {
  return Buffer.from(await doc.save());
}

/**
 * The print-ready card: page 1 (front) as sent, page 2 (back) with the address panel painted white and the
 * return address and recipient printed in it, 5 mm inside the trim at the bottom right.
 */
export async function composePostcardProof(mergedTwoPagePdf: Buffer, recipient: Address, returnAddress: Address, opts: ComposeOptions = {}): Promise<Buffer> {
  const doc = await open(mergedTwoPagePdf);
  if (doc.getPageCount() !== 2) throw new RangeError(`a postcard proof needs a 2-page PDF (front, back), got ${doc.getPageCount()} page(s)`);
  const back = doc.getPage(1);
  const { width, height } = visibleFrame(back);
  const { panel } = postcardAddressPanel(width, height);
  await printAddress(doc, back, 'postcard', panel, recipient, returnAddress, opts);
  setPostcardPrintBoxes(doc);
  return save(doc);
}

/**
 * The letter as it will be posted in a DL window envelope. With templateUsed the address goes into the window
 * area of page 1 (which the template leaves blank); without it an A4 cover page carrying the address in the same
 * position is put in front.
 */
export async function composeLetterProof(pdf: Buffer, recipient: Address, returnAddress: Address, opts: ComposeOptions & { templateUsed: boolean }): Promise<Buffer> {
  const doc = await open(pdf);
  if (doc.getPageCount() < 1) throw new RangeError('a letter proof needs at least one page');
  const page = opts.templateUsed ? doc.getPage(0) : doc.insertPage(0, [...A4_PT]);
  await printAddress(doc, page, 'letter', letterWindow(), recipient, returnAddress, opts);
  setLetterPrintBoxes(doc);
  return save(doc);
}

async function printAddress(doc: PDFDocument, page: ReturnType<PDFDocument['getPage']>, kind: PanelKind, rect: Rect, recipient: Address, returnAddress: Address, opts: ComposeOptions) {
  const panel = await fitAddressPanel(kind, recipient, returnAddress);
  const warn = opts.onWarning ?? (() => {});
  for (const p of panel.problems) warn({ code: 'UNPRINTABLE', message: `${p.who === 'recipient' ? 'Recipient' : 'Return address'} ${p.field} ${p.message}` });
  for (const w of panel.warnings) warn({ code: 'ADJUSTED', message: w });
  await drawAddressPanel(doc, page, rect, panel);
}
