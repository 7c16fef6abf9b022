import { ApiError } from '../../../core/errors/index.js';
import { fetchSources, type FileSources } from '../pipeline/preflight.js';
import { LETTER_WINDOW_MM, PostWorkersBusy } from '../proofs/index.js';
import type { DetectAddressInput } from './detect-address.schemas.js';
import { EMPTY_ADDRESS, parseAddressLines, type DetectedAddress } from './parse-address.js';
import type { WindowLine } from './window-text.js';

export interface Detection {
  address: DetectedAddress;
  message: string;
}

const MAX_PDF_BYTES = 10 * 1024 * 1024;
const w = LETTER_WINDOW_MM;
const WINDOW_WORDS = `${w.left} mm from the left, ${w.top}–${w.top + w.height} mm from the top, ${w.width} mm wide`;

/** Reads the recipient of a letter from the address window of its first page (or parses an address given as text). */
export class DetectAddressService {
  /** readWindowLines runs in the post worker threads (ProofKit.readWindowLines): parsing a PDF never blocks the event loop. */
  constructor(
    private readonly sources: Omit<FileSources, 'ownOrigins'> & { publicUrl: string },
    private readonly readWindowLines: (pdf: Buffer) => Promise<WindowLine[]>,
  ) {}

  /** ownOrigin: the request's own scheme://host:port, whose /files/ URLs (an upload's _url) are read from the FileStore. */
  async detect(input: DetectAddressInput, ownOrigin: string): Promise<Detection> {
    if (input.content !== undefined) return this.fromPdf(decodeBase64Pdf(input.content), 'content');
    if (input.file_url !== undefined) return this.fromPdf(await this.fetchPdf(input.file_url, ownOrigin), 'file_url');
    if (input.address !== undefined) return fromText(input.address);
    throw ApiError.badRequest('content is required: send the letter as a base64 PDF in content (or its URL in file_url, or the address as text in address).');
  }

  private async fetchPdf(url: string, ownOrigin: string): Promise<Buffer> {
    const { fetcher, files, publicUrl } = this.sources;
    // The same 10 MB and 10 s as a send's print files, and the same reading of the server's own file URLs.
    const [file] = await fetchSources({ fetcher, files, ownOrigins: [publicUrl, ownOrigin] }, [{ field: 'file_url', label: 'file_url', url }]);
    return file!.bytes;
  }

  private async fromPdf(pdf: Buffer, field: string): Promise<Detection> {
    if (pdf.length > MAX_PDF_BYTES) throw ApiError.badRequest(`${field} is ${(pdf.length / 1048576).toFixed(1)} MB; the limit is 10 MB.`);
    // The header may follow a little junk (the PDF spec allows it within the first 1024 bytes).
    if (!pdf.subarray(0, 1024).includes('%PDF-')) throw ApiError.badRequest(`${field} is not a PDF: no %PDF- header was found.`);
    let lines;
    try {
      lines = await this.readWindowLines(pdf);
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'PasswordException') throw ApiError.badRequest(`${field} is a password-protected PDF; send it without a password.`);
      if (err instanceof PostWorkersBusy) throw new ApiError('SERVICE_UNAVAILABLE', 'Too many PDFs are being read right now; try again in a minute.');
      throw ApiError.badRequest(`${field} is not a readable PDF: ${(err as Error).message}`);
    }
    const parsed = parseAddressLines(lines.map((l) => l.text));
    // Nothing to read is an answer, not a failure of the request: 200 with the documented fields empty, as a
    // ClickSend client that fills a form from the result expects; the message says what was looked for and where.
    if (!parsed) return { address: { ...EMPTY_ADDRESS }, message: `No address found: page 1 has no text in the address window (${WINDOW_WORDS}).` };
    return {
      address: parsed.address,
      message: resultMessage(
        parsed.missing,
        lines.map((l) => l.text),
      ),
    };
  }
}

function fromText(text: string): Detection {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const lines = rows.length === 1 ? rows[0]!.split(',') : rows;
  const parsed = parseAddressLines(lines);
  if (!parsed) throw ApiError.badRequest('address must not be empty.');
  return { address: parsed.address, message: resultMessage(parsed.missing, lines) };
}

function resultMessage(missing: string[], lines: string[]): string {
  // ClickSend's documented success message, kept when every field was read.
  if (missing.length === 0) return 'Here is your result.';
  return `Here is your result. Could not read ${missing.join(', ')} from: "${lines.join(' / ').slice(0, 300)}".`;
}

function decodeBase64Pdf(content: string): Buffer {
  // A data: URI prefix is tolerated, since browsers' FileReader produces one.
  const text = content.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
  if (text.length === 0) throw ApiError.badRequest('content must not be empty: send the letter as a base64 PDF.');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw ApiError.badRequest('content is not valid base64.');
  return Buffer.from(text, 'base64');
}
