import { PDFDocument } from 'pdf-lib';
import { ApiError } from '../../../core/errors/index.js';
import { FetchError, fetchErrorToApiError, type SafeFetcher } from '../../../core/fetch/index.js';
import { inspectPdf, PdfProblem, type InspectedPdf } from './pdf-inspect.js';
import { describeSize, isA4Portrait, LETTER_RULE, postcardFit, POSTCARD_RULE, type PageSize } from './paper.js';

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

/** Fetches every URL at once through the safe fetcher; a failure is a 400 naming the field. */
export async function fetchSources(fetcher: SafeFetcher, urls: ReadonlyArray<{ field: string; label: string; url: string }>): Promise<SourceFile[]> {
  return Promise.all(
    urls.map(async (u) => {
      try {
        const r = await fetcher.fetch(u.url, { maxBytes: FILE_MAX_BYTES, timeoutMs: FILE_TIMEOUT_MS, accept: 'application/pdf' });
        return { ...u, bytes: r.body };
      } catch (err) {
        if (err instanceof FetchError) throw fetchErrorToApiError(err, u.field);
        throw err;
      }
    }),
  );
}

async function inspect(source: SourceFile): Promise<InspectedPdf> {
  try {
    return await inspectPdf(source.bytes);
  } catch (err) {
    if (err instanceof PdfProblem) throw ApiError.badRequest(`${source.label} ${err.message}.`);
    throw err;
  }
}

function fontWarnings(source: SourceFile, pdf: InspectedPdf): string[] {
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
}

/**
 * The postcard preflight, before anything is charged: one 2-page PDF or two 1-page PDFs, every page A5 at
 * trim size or with a 3 mm bleed, front and back the same size. Refusals name the file, the page, what it
 * is and what it must be.
 */
export async function preflightPostcard(sources: SourceFile[]): Promise<PostcardPreflight> {
  const inspected = await Promise.all(sources.map(inspect));
  const faces: Array<{ source: SourceFile; page: number; size: PageSize }> = [];
  sources.forEach((source, i) => {
    const pdf = inspected[i]!;
    const n = pdf.pages.length;
    if (sources.length === 1 && n !== 2) {
      throw ApiError.badRequest(
        `${source.label} has ${n} page${n === 1 ? '' : 's'}; a single postcard file must have exactly 2 pages (front, then back), or send two one-page PDFs in file_urls.`,
      );
    }
    if (sources.length === 2 && n !== 1) {
      throw ApiError.badRequest(`${source.label} has ${n} pages; with two files each must have exactly 1 page (file 1 the front, file 2 the back).`);
    }
    pdf.pages.forEach((size, p) => faces.push({ source, page: p + 1, size }));
  });
  for (const f of faces) {
    if (!postcardFit(f.size)) throw ApiError.badRequest(`${f.source.label} page ${f.page} is ${describeSize(f.size)}; ${POSTCARD_RULE}.`);
  }
  const [front, back] = faces as [(typeof faces)[0], (typeof faces)[0]];
  if (postcardFit(front.size) !== postcardFit(back.size)) {
    throw ApiError.badRequest(
      `the front (${front.source.label} page ${front.page}) is ${describeSize(front.size)} but the back (${back.source.label} page ${back.page}) is ${describeSize(back.size)}; front and back must be the same size (both at trim size or both with a 3 mm bleed).`,
    );
  }
  const warnings = sources.flatMap((s, i) => fontWarnings(s, inspected[i]!));
  return { pdf: sources.length === 1 ? sources[0]!.bytes : await mergeFaces(inspected), front: front.size, back: back.size, warnings };
}

async function mergeFaces(inspected: InspectedPdf[]): Promise<Buffer> {
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const pdf of inspected) {
    const [page] = await out.copyPages(pdf.doc, [0]);
    out.addPage(page!);
  }
  return Buffer.from(await out.save());
}

export interface LetterPreflight {
  pdf: Buffer;
  pages: number;
  warnings: string[];
}

/** The letter preflight: one readable, unencrypted PDF whose every page is A4 portrait. */
export async function preflightLetter(source: SourceFile): Promise<LetterPreflight> {
  const pdf = await inspect(source);
  pdf.pages.forEach((size, i) => {
    if (!isA4Portrait(size)) throw ApiError.badRequest(`${source.label} page ${i + 1} is ${describeSize(size)}; ${LETTER_RULE}.`);
  });
  return { pdf: source.bytes, pages: pdf.pages.length, warnings: fontWarnings(source, pdf) };
}
