import zlib from 'node:zlib';

/**
 * A PDF name as a pattern: any of its characters may be written #xx (PDF 1.7 §7.3.5), and parsers such as
 * pdf-lib decode them, so "/Type/P#61ge" is a page too; it ends at white space or a delimiter.
 */
function pdfName(name: string): string {
  const hex = (c: string) => [...c.charCodeAt(0).toString(16).padStart(2, '0')].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
  return `\\/${[...name].map((c) => `(?:${c}|#${hex(c)})`).join('')}(?=[\\s()<>\\[\\]{}/%]|$)`;
}
/** Page dictionaries ("/Type /Page", not "/Pages"), however the writer spaced or escaped them. */
const PAGE = new RegExp(`${pdfName('Type')}\\s*${pdfName('Page')}`, 'g');
const OBJECT_STREAM = new RegExp(`${pdfName('Type')}\\s*${pdfName('ObjStm')}`, 'g');
/** Inflating object streams stops here: the scan is a cheap estimate, not a second parser. */
const INFLATE_BUDGET_BYTES = 64 * 1024 * 1024;

const count = (text: string) => text.match(PAGE)?.length ?? 0;

/**
 * Page objects in a PDF's bytes, found without parsing it: plain objects, and those packed into Flate-compressed
 * object streams. A full parse of a 100,000-page file costs seconds and hundreds of MB; this costs one pass over
 * at most 10 MB. It over-counts page objects an incremental update replaced, so callers keep a margin.
 */
export function countPageObjects(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let pages = count(text);
  let budget = INFLATE_BUDGET_BYTES;
  for (const match of text.matchAll(OBJECT_STREAM)) {
    if (budget <= 0) break;
    const keyword = text.indexOf('stream', match.index);
    const dict = text.slice(text.lastIndexOf('<<', match.index), keyword);
    if (keyword < 0 || !/\/FlateDecode/.test(dict) || /\/DecodeParms/.test(dict)) continue;
    let start = keyword + 'stream'.length;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      const inflated = zlib.inflateSync(bytes.subarray(start, end), { maxOutputLength: budget, finishFlush: zlib.constants.Z_SYNC_FLUSH });
      budget -= inflated.length;
      pages += count(inflated.toString('latin1'));
    } catch (err) {
      // Over the budget: stop inflating (else each stream could cost the whole budget). Damaged: skip it.
      // Either way the parse that follows judges the file.
      if (err instanceof RangeError) budget = 0;
    }
  }
  return pages;
}
