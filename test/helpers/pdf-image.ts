/** Looks at the image a one-page image PDF carries, without rendering it: what its XObject dictionary says. */
import { PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFObject } from 'pdf-lib';

export interface PdfImage {
  width: number;
  height: number;
  /** e.g. "/FlateDecode", "/DCTDecode". */
  filter: string;
  /** e.g. "/DeviceRGB", or "[ /Indexed /DeviceRGB 1 <...> ]". */
  colorSpace: string;
  bitsPerComponent: number;
  predictor?: number;
  /** Bytes of the stream as stored. */
  storedBytes: number;
}

const str = (o: PDFObject | undefined) => (o ? o.toString() : '');

export async function pdfImages(pdf: Buffer): Promise<PdfImage[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const out: PdfImage[] = [];
  for (const page of doc.getPages()) {
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    if (!xobjects) continue;
    for (const [, ref] of xobjects.entries()) {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream) || str(stream.dict.get(PDFName.of('Subtype'))) !== '/Image') continue;
      const d = stream.dict;
      const num = (k: string) => Number(str(d.get(PDFName.of(k))));
      const parms = d.lookupMaybe(PDFName.of('DecodeParms'), PDFDict);
      out.push({
        width: num('Width'),
        height: num('Height'),
        filter: str(d.get(PDFName.of('Filter'))),
        colorSpace: str(d.get(PDFName.of('ColorSpace'))),
        bitsPerComponent: num('BitsPerComponent'),
        ...(parms ? { predictor: Number(str(parms.get(PDFName.of('Predictor')))) } : {}),
        storedBytes: stream.contents.length,
      });
    }
  }
  return out;
}
