import { ApiError } from '../../../core/errors/index.js';
import { FetchError, fetchErrorToApiError, type SafeFetcher } from '../../../core/fetch/index.js';
import type { FileStore } from '../../../core/files/index.js';
import { MAX_IMAGE_PIXELS } from '../proofs/pdfjs.js';
import { ADDRESS_PANEL_MM, PostJobAbandoned, PostWorkersBusy } from '../proofs/index.js';
import { ownFileName, readOwnFile } from './own-files.js';
import type { PdfInspection } from './pdf-inspect.js';
import { PdfProblem } from './pdf-problem.js';
import { describeSize, isA4Portrait, LETTER_PAGES_RULE, LETTER_RULE, letterMaxPages, postcardFit, POSTCARD_CONVERT_HINT, POSTCARD_RULE, type PageSize } from './paper.js';
import type { PdfChecks } from './proof-kit.js';

/** Per file, as the issue sets them: a print file larger or slower than this is refused, not waited for. */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;
export const FILE_TIMEOUT_MS = 10_000;

export interface SourceFile {
  /** The request field, e.g. "file_urls[1]". */
  field: string;
  /** How messages name it: "file 2 (https://…/back.pdf)". */
  label: string;
  url: string;
  bytes: Buffer;
}

/** How messages name a file: "file 2 (https://…/back.pdf)", the URL cut at 200 characters. */
export function fileLabel(name: string, url: string): string {
  return `${name} (${url.length > 200 ? `${url.slice(0, 199)}…` : url})`;
}

/** Where a request's print files come from: this server's own FileStore for its own file URLs, else the safe fetcher. */
export interface FileSources {
  fetcher: SafeFetcher;
  files: FileStore;
  /** Origins whose /files/ URLs are this server's own: PUBLIC_URL and the request's own scheme://host:port. */
  ownOrigins: readonly string[];
}

/**
 * Gets every file at once; a failure is a 400 naming the field. The upload's `_url` (ClickSend's documented
 * flow: upload, then send that URL) is read from the FileStore; any other URL goes through the safe fetcher.
 */
export async function fetchSources(from: FileSources, urls: ReadonlyArray<{ field: string; label: string; url: string }>): Promise<SourceFile[]> {
  return Promise.all(
    urls.map(async (u) => {
      const own = ownFileName(u.url, from.ownOrigins);
      if (own !== undefined) return { ...u, bytes: await readOwnFile(from.files, own, u.field, FILE_MAX_BYTES) };
      try {
        const r = await from.fetcher.fetch(u.url, { maxBytes: FILE_MAX_BYTES, timeoutMs: FILE_TIMEOUT_MS, accept: 'application/pdf' });
        return { ...u, bytes: r.body };
      } catch (err) {
        if (err instanceof FetchError) throw fetchErrorToApiError(err, u.field);
        throw err;
      }
    }),
  );
}

type Inspected = Extract<PdfInspection, { kind: 'ok' }>;
type TooMany = Extract<PdfInspection, { kind: 'too-many-pages' }>;

/** One file through the worker pool, its problems as 400s naming it (a 503 when the pool is full). */
async function inspect(checks: PdfChecks, source: SourceFile, maxPages: number): Promise<PdfInspection> {
  let result: PdfInspection;
  try {
    result = await checks.inspectPdf(source.bytes, { maxPages });
  } catch (err) {
    if (err instanceof PdfProblem) throw ApiError.badRequest(`${source.label} ${err.message}.`);
    // Its thread ran out of time or memory: only a hostile or broken file does that within 10 MB.
    if (err instanceof PostJobAbandoned) throw ApiError.badRequest(`${source.label} could not be checked: ${err.message}; send a simpler PDF.`);
    if (err instanceof PostWorkersBusy) throw new ApiError('SERVICE_UNAVAILABLE', 'Too many print files are being checked right now; try again in a minute.');
    throw err;
  }
  if (result.kind === 'ok') {
    const big = result.largeImages[0];
    // pdfjs leaves such an image out, so its proof would be silently blank there: refuse instead.
    if (big) {
      throw ApiError.badRequest(
        `${source.label} page ${big.page} has an image of ${big.width} × ${big.height} pixels (${((big.width * big.height) / 1e6).toFixed(1)} megapixels); images may have at most ${MAX_IMAGE_PIXELS.toLocaleString('en')} pixels (64 MP): scale it down before making the PDF.`,
      );
    }
  }
  return result;
}

const pagesFound = (r: TooMany) => (r.estimated ? `about ${r.pages.toLocaleString('en')} pages (page objects found without opening it)` : `${r.pages.toLocaleString('en')} pages`);

function fontWarnings(source: SourceFile, pdf: Inspected): string[] {
  if (pdf.unembeddedFonts.length === 0) return [];
  const list = pdf.unembeddedFonts.map((f) => `${f.name} (page${f.pages.length > 1 ? 's' : ''} ${f.pages.join(', ')})`).join(', ');
  return [
    `${source.label} uses fonts that are not embedded: ${list}. The printer substitutes similar fonts, so text may not look as it does on your screen; embed the fonts to print exactly what you see.`,
  ];
}

export interface PostcardPreflight {
  /** One 2-page PDF: front, back. */
  pdf: Buffer;
  front: PageSize;
  back: PageSize;
  warnings: string[];
  /** Notes on the card every recipient shares (artwork under the address zone): fonts' plumbing adds them to each recipient's `_warnings`. */
  cardWarnings: string[];
}

/** Below this share of the zone, a few stray pixels (a hairline, a speck of texture) are not worth a warning. */
export const INK_WARNING_SHARE = 0.005;

/** The warning for artwork under the address zone, or none when the zone is (nearly) clear. */
export function inkWarning(share: number): string | undefined {
  if (share < INK_WARNING_SHARE) return undefined;
  const { width, height, margin } = ADDRESS_PANEL_MM;
  const percent = Math.min(100, Math.max(1, Math.round(share * 100)));
  return `Back page: artwork covers ${percent}% of the address zone (${width} × ${height} mm at the bottom right, ${margin} mm inside the trim); it will be painted white under the address.`;
}

/**
 * One look per request (not per recipient) at the back's address zone, in the post workers. The check only
 * advises: a back it cannot render is printed all the same, so that becomes a warning, not a refusal.
 */
async function checkAddressZone(checks: PdfChecks, back: { source: SourceFile; page: number }): Promise<string[]> {
  try {
    const { share } = await checks.inkUnderPanel(back.source.bytes, { page: back.page });
    const warning = inkWarning(share);
    return warning ? [warning] : [];
  } catch (err) {
    if (err instanceof PostWorkersBusy) throw new ApiError('SERVICE_UNAVAILABLE', 'Too many print files are being checked right now; try again in a minute.');
    return [`Back page: the address zone could not be checked for artwork (${(err as Error).message}); whatever lies there will be painted white under the address.`];
  }
}

/**
 * The postcard preflight, before anything is charged: one 2-page PDF or two 1-page PDFs, every page A5 at
 * trim size or with a 3 mm bleed (front and back may differ). Refusals name the file, the page, what it
 * is and what it must be.
 */
export async function preflightPostcard(checks: PdfChecks, sources: SourceFile[]): Promise<PostcardPreflight> {
  // A single file must have 2 pages, each of two files 1: nothing longer is ever parsed in full.
  const maxPages = sources.length === 1 ? 2 : 1;
  const results = await Promise.all(sources.map((s) => inspect(checks, s, maxPages)));
  const inspected: Inspected[] = [];
  const faces: Array<{ source: SourceFile; page: number; size: PageSize }> = [];
  sources.forEach((source, i) => {
    const pdf = results[i]!;
    const n = pdf.kind === 'ok' ? pdf.pages.length : pdf.pages;
    const found = pdf.kind === 'ok' ? `${n} page${n === 1 ? '' : 's'}` : pagesFound(pdf);
    if (sources.length === 1 && (pdf.kind !== 'ok' || n !== 2)) {
      throw ApiError.badRequest(`${source.label} has ${found}; a single postcard file must have exactly 2 pages (front, then back), or send two one-page PDFs in file_urls.`);
    }
    if (sources.length === 2 && (pdf.kind !== 'ok' || n !== 1)) {
      throw ApiError.badRequest(`${source.label} has ${found}; with two files each must have exactly 1 page (file 1 the front, file 2 the back).`);
    }
    inspected.push(pdf as Inspected);
    (pdf as Inspected).pages.forEach((size, p) => faces.push({ source, page: p + 1, size }));
  });
  for (const f of faces) {
    if (!postcardFit(f.size)) throw ApiError.badRequest(`${f.source.label} page ${f.page} is ${describeSize(f.size)}; ${POSTCARD_RULE}. ${POSTCARD_CONVERT_HINT}.`);
  }
  // A trim-size face and a bleed-size one may make one card: the print file puts every face on the same sheet
  // (setPostcardPrintBoxes), so a picture converted with convert=postcard (bleed) pairs with a converted A4 page (trim).
  const [front, back] = faces as [(typeof faces)[0], (typeof faces)[0]];
  const warnings = sources.flatMap((s, i) => fontWarnings(s, inspected[i]!));
  const [pdf, cardWarnings] = await Promise.all([sources.length === 1 ? sources[0]!.bytes : checks.mergeFaces(sources.map((s) => s.bytes)), checkAddressZone(checks, back)]);
  return { pdf, front: front.size, back: back.size, warnings, cardWarnings };
}

export interface LetterPreflight {
  pdf: Buffer;
  pages: number;
  warnings: string[];
}

/**
 * The letter preflight: one readable, unencrypted PDF whose every page is A4 portrait, with at most
 * LETTER_MAX_SHEETS sheets of pages (twice as many pages duplex). Test postcodes do not skip it: it runs before
 * any recipient is looked at.
 */
export async function preflightLetter(checks: PdfChecks, source: SourceFile, opts: { duplex: boolean }): Promise<LetterPreflight> {
  const pdf = await inspect(checks, source, letterMaxPages(opts.duplex));
  if (pdf.kind !== 'ok') throw ApiError.badRequest(`${source.label} has ${pagesFound(pdf)}; ${LETTER_PAGES_RULE}.`);
  pdf.pages.forEach((size, i) => {
    if (!isA4Portrait(size)) throw ApiError.badRequest(`${source.label} page ${i + 1} is ${describeSize(size)}; ${LETTER_RULE}.`);
  });
  return { pdf: source.bytes, pages: pdf.pages.length, warnings: fontWarnings(source, pdf) };
}
