import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, type PDFPage } from 'pdf-lib';

const MM = 72 / 25.4;
/** A5 trim, long and short side, in points. */
const A5_LONG = 210 * MM;
const A5_SHORT = 148 * MM;
const TOLERANCE = 1 * MM;
const BLEED = 3 * MM;

type Matrix = [number, number, number, number, number, number];

/** The page's crop box as a viewer shows it, turned by /Rotate, and the matrix from its user space to that view. */
function seen(page: PDFPage): { width: number; height: number; toSeen: Matrix } {
  const { x, y, width: w, height: h } = page.getCropBox();
  const turn = ((((Math.round(page.getRotation().angle / 90) * 90) % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  // /Rotate turns the page clockwise for display; u, v are the displayed page's coordinates (origin bottom left).
  const toSeen: Record<typeof turn, Matrix> = {
    0: [1, 0, 0, 1, -x, -y],
    90: [0, -1, 1, 0, -y, x + w],
    180: [-1, 0, 0, -1, x + w, y + h],
    270: [0, 1, -1, 0, y + h, -x],
  };
  return turn % 180 === 0 ? { width: w, height: h, toSeen: toSeen[turn] } : { width: h, height: w, toSeen: toSeen[turn] };
}

const near = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE;

/** A page the postcard preflight takes as it is: A5 at trim size or with a 3 mm bleed, either way round. */
function isPostcardFace({ width, height }: { width: number; height: number }): boolean {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  return (near(long, A5_LONG) && near(short, A5_SHORT)) || (near(long, A5_LONG + 2 * BLEED) && near(short, A5_SHORT + 2 * BLEED));
}

/**
 * convert=postcard for a PDF: a file whose pages are all postcard faces (A5, trim or bleed) is kept byte for byte
 * (undefined); otherwise every page is scaled onto an A5 page of its own orientation, fitted (a document's text
 * must not be cut) and centred. An A4 page has A5's proportions, so it becomes exactly A5, without margins. The
 * page content is reused as it is (a form XObject): fonts, images and colours are not re-encoded. Runs in the
 * ImageConverter's worker threads.
 */
export async function pdfToPostcard(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  const source = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = source.getPages();
  if (pages.every((p) => isPostcardFace(seen(p)))) return undefined;
  const out = await PDFDocument.create();
  for (const page of pages) {
    const view = seen(page);
    const [pageW, pageH] = view.width > view.height ? [A5_LONG, A5_SHORT] : [A5_SHORT, A5_LONG];
    const crop = page.getCropBox();
    // The identity matrix keeps the form in the page's own user space, which toSeen maps to the displayed page.
    const embedded = await out.embedPage(page, { left: crop.x, bottom: crop.y, right: crop.x + crop.width, top: crop.y + crop.height }, [1, 0, 0, 1, 0, 0]);
    const scale = Math.min(pageW / view.width, pageH / view.height);
    const target = out.addPage([pageW, pageH]);
    const name = target.node.newXObject('Page', embedded.ref);
    const [a, b, c, d, e, f] = view.toSeen;
    target.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(scale, 0, 0, scale, (pageW - view.width * scale) / 2, (pageH - view.height * scale) / 2),
      concatTransformationMatrix(a, b, c, d, e, f),
      drawObject(name),
      popGraphicsState(),
    );
  }
  return out.save();
}
