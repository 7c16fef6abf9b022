import { concatTransformationMatrix, PDFDict, PDFName, popGraphicsState, pushGraphicsState, type PDFPage } from 'pdf-lib';

/**
 * The page as a viewer shows it: the crop box, turned by /Rotate. Drawing inside withVisibleFrame() uses
 * bottom-left-origin coordinates of that visible page, so "bottom right of the back" means what a person
 * holding the card sees, whatever the file's MediaBox origin or rotation.
 */
export interface VisibleFrame {
  width: number;
  height: number;
}

export function visibleFrame(page: PDFPage): VisibleFrame {
  const box = page.getCropBox();
  const turned = normalRotation(page) % 180 !== 0;
  return turned ? { width: box.height, height: box.width } : { width: box.width, height: box.height };
}

function normalRotation(page: PDFPage): number {
  return (((Math.round(page.getRotation().angle / 90) * 90) % 360) + 360) % 360;
}

/** [a b c d e f] mapping visible (u, v) to the page's user space: x = a·u + c·v + e, y = b·u + d·v + f. */
function visibleToUser(page: PDFPage): [number, number, number, number, number, number] {
  const { x, y, width: w, height: h } = page.getCropBox();
  switch (normalRotation(page)) {
    case 90:
      return [0, 1, -1, 0, x + w, y];
    case 180:
      return [-1, 0, 0, -1, x + w, y + h];
    case 270:
      return [0, -1, 1, 0, x, y + h];
    default:
      return [1, 0, 0, 1, x, y];
  }
}

/**
 * Gives the page its own Resources (and Font/XObject/ExtGState dictionaries) when they are inherited or shared,
 * so fonts added for the address never land in another page's resources: the front stays byte-for-byte as sent.
 */
function ownResources(page: PDFPage) {
  const { context } = page.doc;
  const shared = context.lookupMaybe(page.node.getInheritableAttribute(PDFName.of('Resources')), PDFDict);
  if (!shared) return;
  const own = shared.clone(context);
  for (const key of ['Font', 'XObject', 'ExtGState']) {
    const sub = own.lookupMaybe(PDFName.of(key), PDFDict);
    if (sub) own.set(PDFName.of(key), sub.clone(context));
  }
  page.node.set(PDFName.of('Resources'), own);
}

/** Runs draw() with the visible page's coordinate system in force, inside its own graphics state. */
export function withVisibleFrame(page: PDFPage, draw: (frame: VisibleFrame) => void) {
  ownResources(page);
  // Wraps the existing content in q…Q first, so a CTM the artwork leaves behind cannot move the address.
  page.node.normalize();
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...visibleToUser(page)));
  try {
    draw(visibleFrame(page));
  } finally {
    page.pushOperators(popGraphicsState());
  }
}
