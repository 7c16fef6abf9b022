import { PDFDocument } from 'pdf-lib';
import { recipientLines, returnAddressLines, type Address } from './address.js';
import { drawAddressPanel, type PanelLayout, type ProofWarning } from './address-block.js';
import { AddressFonts } from './fonts.js';
import { A4_PT, letterWindow, mm, postcardAddressPanel } from './geometry.js';
import { visibleFrame } from './page-frame.js';
import { setLetterPrintBoxes, setPostcardPrintBoxes } from './print-boxes.js';

export interface ComposeOptions {
  /** Told when the address could not be printed exactly as given (characters replaced, lines shortened). */
  onWarning?: (warning: ProofWarning) => void;
  /** Unicode font files to try for non-WinAnsi text; SYSTEM_FONT_FILES by default. */
  fontFiles?: readonly string[];
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
  const layout: PanelLayout = {
    rect: panel,
    padding: mm(4),
    gap: mm(3),
    returnStyle: { size: 7, minSize: 5, maxHeight: mm(13) },
    recipientStyle: { size: 11, minSize: 7 },
  };
  await printAddress(doc, back, layout, recipient, returnAddress, opts);
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
  const layout: PanelLayout = {
    rect: letterWindow(),
    padding: mm(3),
    gap: mm(1.5),
    // One small line: the window is 40 mm tall and the post reads the return address only if it shows through it.
    returnStyle: { size: 6.5, minSize: 5, maxHeight: 6.5 * 1.2 },
    recipientStyle: { size: 10, minSize: 7 },
  };
  await printAddress(doc, page, layout, recipient, returnAddress, opts, true);
  setLetterPrintBoxes(doc);
  return save(doc);
}

async function printAddress(
  doc: PDFDocument,
  page: ReturnType<PDFDocument['getPage']>,
  layout: PanelLayout,
  recipient: Address,
  returnAddress: Address,
  opts: ComposeOptions,
  returnOnOneLine = false,
) {
  const fonts = await AddressFonts.create(doc, { files: opts.fontFiles, country: recipient.address_country });
  const ret = returnAddressLines(returnAddress, recipient.address_country);
  await drawAddressPanel(
    page,
    fonts,
    layout,
    { returnLines: returnOnOneLine ? [ret.join(', ')] : ret, recipientLines: recipientLines(recipient, returnAddress.address_country) },
    opts.onWarning ?? (() => {}),
  );
}
