import { ApiError } from '../../core/errors/index.js';
import { CONVERT_VALUES } from './uploads.schemas.js';

/** ClickSend's per-file limit for uploads (and for post files). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type PdfTarget = 'post' | 'postcard';
/** post and postcard give a PDF; csv gives a CSV for contact imports (POST /lists/{id}/import). */
export type UploadTarget = PdfTarget | 'csv';

const LATER: Record<string, string> = {
  fax: 'the fax channel',
  mms: 'the MMS channel',
};

export const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

export function tooLarge(bytes: number): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', `The file is ${megabytes(bytes)}; uploads are limited to 10 MB (${MAX_UPLOAD_BYTES} bytes) per file.`);
}

/** convert may come in the query and (JSON only) in the body; one value is needed: post, postcard or csv work today. */
export function parseConvert(fromQuery: string | undefined, fromBody: string | undefined): UploadTarget {
  const q = fromQuery?.trim().toLowerCase() || undefined;
  const b = fromBody?.trim().toLowerCase() || undefined;
  if (q && b && q !== b) throw ApiError.badRequest(`convert is "${fromQuery}" in the query but "${fromBody}" in the body; send one value.`);
  const value = q ?? b;
  if (!value) {
    throw ApiError.badRequest(`convert is required (in the query string, or in the JSON body): one of ${CONVERT_VALUES.join(', ')}. Use post for letters (A4) or postcard (A5).`);
  }
  if (value === 'post' || value === 'postcard' || value === 'csv') return value;
  const later = LATER[value];
  if (later) throw ApiError.badRequest(`convert=${value} is for ${later}, which this server does not offer yet; use convert=post or convert=postcard to get a PDF.`);
  throw ApiError.badRequest(`convert must be one of ${CONVERT_VALUES.join(', ')}; got "${(fromQuery ?? fromBody ?? '').slice(0, 40)}".`);
}

/**
 * The bytes of a JSON upload's base64 `content`. The size is checked from the text's length before
 * decoding; characters outside base64 are refused rather than silently dropped (Node's decoder skips them).
 */
export function decodeContent(content: string): Buffer {
  // Tolerate a data: URL prefix and line breaks (MIME-style base64 wraps at 76 columns).
  const text = content.replace(/^data:[^,]{0,200};base64,/i, '').replace(/[\r\n\t ]+/g, '');
  if (text.length === 0) throw ApiError.badRequest('content is empty; send the file base64-encoded.');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Math.floor((text.length * 3) / 4) - padding;
  if (bytes > MAX_UPLOAD_BYTES) throw tooLarge(bytes);
  const bad = /[^A-Za-z0-9+/_=-]/.exec(text);
  if (bad || /=[^=]/.test(text)) {
    const at = bad ? bad.index : text.search(/=[^=]/);
    throw ApiError.badRequest(`content is not valid base64: unexpected character ${JSON.stringify(text[at])} at position ${at} (not counting line breaks).`);
  }
  return Buffer.from(text, 'base64');
}
