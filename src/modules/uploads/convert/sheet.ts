/**
 * convert=csv: what an uploaded contact file is. Spreadsheets (xls, xlsx, ods) are converted to CSV by LibreOffice;
 * a text file is taken as CSV as it is (the import reads its encoding and separator itself).
 */
export type SheetKind = 'xls' | 'xlsx' | 'ods';
export type CsvSourceKind = SheetKind | 'csv';

const utf16 = (s: string) => Buffer.from(s, 'utf16le');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A spreadsheet kind, 'csv' for text (UTF-16 included), or undefined for anything else. */
export function detectCsvSource(buf: Buffer): CsvSourceKind | undefined {
  if (buf.length === 0) return undefined;
  if (buf.subarray(0, 4).equals(ZIP)) {
    // OpenDocument stores an uncompressed "mimetype" entry first; OOXML names its parts in the local headers.
    if (buf.subarray(30, 38).toString('latin1') === 'mimetype' && buf.subarray(38, 120).toString('latin1').startsWith('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    return buf.includes('xl/workbook.xml', 0, 'latin1') ? 'xlsx' : undefined;
  }
  if (buf.subarray(0, 8).equals(OLE)) return buf.includes(utf16('Workbook')) || buf.includes(utf16('Book')) ? 'xls' : undefined;
  return looksLikeText(buf) ? 'csv' : undefined;
}

/** Text in any encoding a CSV comes in: UTF-16 (by BOM, or zero bytes in one lane only), or no zero byte at all. */
function looksLikeText(buf: Buffer): boolean {
  const head = buf.subarray(0, 4096);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  if (!head.includes(0)) return !/^%PDF-|^\{\\rtf/.test(head.subarray(0, 8).toString('latin1'));
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 === 0 ? even++ : odd++;
  return even === 0 || odd === 0;
}
