import { PDFName, PDFNumber, type PDFDocument, type PDFPage } from 'pdf-lib';
import { mm, POSTCARD_BLEED_MM, POSTCARD_TRIM_MM, toMm } from './geometry.js';

/*
 * The page boxes a print house's imposition software reads: MediaBox (the sheet as it leaves us), BleedBox (where
 * artwork must reach), TrimBox (where the guillotine cuts). Only the page dictionaries change: content streams,
 * images and colour spaces stay as supplied (no rasterising, no colour conversion).
 */

/** How far a face may be from A5 (trim or with bleed) and still count as it; the preflight's ±1 mm. */
const SIZE_TOLERANCE_MM = 1;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box of `width` × `height` points centred on `around`. */
const centred = (around: Box, width: number, height: number): Box => ({
  x: around.x + (around.width - width) / 2,
  y: around.y + (around.height - height) / 2,
  width,
  height,
});

const near = (a: number, b: number) => Math.abs(a - b) <= SIZE_TOLERANCE_MM;

function setBoxes(page: PDFPage, media: Box, trim: Box) {
  page.setMediaBox(media.x, media.y, media.width, media.height);
  page.setCropBox(media.x, media.y, media.width, media.height);
  page.setBleedBox(media.x, media.y, media.width, media.height);
  page.setTrimBox(trim.x, trim.y, trim.width, trim.height);
  // An ArtBox drawn for the old page size would now say something false about this one.
  page.node.delete(PDFName.of('ArtBox'));
}

/**
 * Clips the page's content to `box` (default user space) without touching its streams: one stream before them
 * opens a clipped graphics state, one after closes it. Anything a trim-size file drew beyond its own page edge
 * stays hidden in the bleed we add, as it was hidden before.
 */
function clipTo(doc: PDFDocument, page: PDFPage, box: Box) {
  const n = (v: number) => PDFNumber.of(Number(v.toFixed(4))).toString();
  const open = doc.context.register(doc.context.stream(`q ${n(box.x)} ${n(box.y)} ${n(box.width)} ${n(box.height)} re W n\n`));
  const close = doc.context.register(doc.context.stream('\nQ\n'));
  page.node.wrapContentStreams(open, close);
}

/**
 * Every face of a postcard on one geometry: MediaBox = CropBox = BleedBox = 216 × 154 mm (154 × 216 portrait)
 * and TrimBox = 210 × 148 mm, 3 mm inside on every side. A face sent with bleed keeps its artwork to the edge; a
 * face sent at trim size is centred on the larger sheet (its TrimBox is its old page), so its bleed is blank
 * paper and the address panel, placed 5 mm inside the trim in both cases, lands at the same place on the card.
 * Works in the page's own user space, so a /Rotate page stays turned as it was.
 */
export function setPostcardPrintBoxes(doc: PDFDocument): void {
  const bleed = mm(POSTCARD_BLEED_MM);
  for (const page of doc.getPages()) {
    const visible = page.getCropBox();
    const landscape = visible.width >= visible.height;
    const [longMm, shortMm] = [toMm(Math.max(visible.width, visible.height)), toMm(Math.min(visible.width, visible.height))];
    const across = (long: number, short: number) => (landscape ? [long, short] : [short, long]) as [number, number];
    const withBleed = near(longMm, POSTCARD_TRIM_MM.long + 2 * POSTCARD_BLEED_MM) && near(shortMm, POSTCARD_TRIM_MM.short + 2 * POSTCARD_BLEED_MM);
    const atTrim = near(longMm, POSTCARD_TRIM_MM.long) && near(shortMm, POSTCARD_TRIM_MM.short);
    // Outside the preflight's sizes (unit tests of odd pages): the page as it is is the trim.
    const [trimW, trimH] = withBleed || atTrim ? across(mm(POSTCARD_TRIM_MM.long), mm(POSTCARD_TRIM_MM.short)) : [visible.width, visible.height];
    const media = centred(visible, trimW + 2 * bleed, trimH + 2 * bleed);
    const trim = centred(visible, trimW, trimH);
    if (!withBleed) clipTo(doc, page, visible);
    setBoxes(page, media, trim);
  }
}

/** Letters have no bleed: every page's TrimBox = BleedBox = MediaBox = CropBox, the page as it is seen. */
export function setLetterPrintBoxes(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    const visible = page.getCropBox();
    setBoxes(page, visible, visible);
  }
}
