import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { ApiError } from '../../core/errors/index.js';
import { newFileName, type FileStore } from '../../core/files/index.js';
import { oneLine } from '../../core/util/text.js';
import { detect, type FileKind } from '../uploads/index.js';
import type { StoredAttachment } from './email.tables.js';
import type { EmailInput } from './email.schemas.js';

/** Limits of one email (config.email). */
export interface AttachmentLimits {
  readonly maxAttachmentBytes: number;
  readonly maxMessageBytes: number;
}

/** An attachment decoded and checked, not stored yet. */
export interface DecodedAttachment extends Omit<StoredAttachment, 'stored_name'> {
  content: Buffer;
  /** The extension the stored file gets (from the bytes; `txt`/`csv` text by name; else `bin`). */
  extension: string;
}

const MIME_OF: Record<FileKind, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  rtf: 'application/rtf',
  odt: 'application/vnd.oasis.opendocument.text',
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** "4096 bytes", "5 MiB (5242880 bytes)": sizes as a refusal names them. */
const size = (n: number) => (n < 1048576 ? `${n} bytes` : `${Math.round((n / 1048576) * 10) / 10} MiB (${n} bytes)`);

/** Strict base64 (MIME line breaks allowed): a typo is a 400 naming the field, never silently dropped bytes. */
function decodeBase64(field: string, text: string): Buffer {
  const compact = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw ApiError.badRequest(`${field} is not valid base64.`);
  return Buffer.from(compact, 'base64');
}

/** The stored file's extension: what the bytes are when recognised, so GET /files serves the real type; text by its name; else opaque. */
function extensionOf(kind: FileKind | null, filename: string, content: Buffer): string {
  if (kind) return kind;
  const ext = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
  const text = !content.subarray(0, 4096).includes(0);
  return text && (ext === 'txt' || ext === 'csv') ? ext : 'bin';
}

/** type/subtype (RFC 6838 restricted names) with optional parameters, and no control characters anywhere. */
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(?:\s*;[^\u0000-\u001f\u007f]*)?$/;

/**
 * Decodes and checks every attachment: strict base64, each file within maxAttachmentBytes, the body plus
 * all files within maxMessageBytes (400 naming the file). The real type comes from the bytes (magic
 * numbers); the declared `type` stays the email part's Content-Type and the record's content_type (what
 * ClickSend echoes), and a disagreement is reported as `_detected_type`, not refused: mail clients read
 * the bytes, and the stored copy is served as what the bytes are. Yields to the event loop between files.
 */
export async function decodeAttachments(input: EmailInput['attachments'], bodyBytes: number, limits: AttachmentLimits): Promise<DecodedAttachment[]> {
  const out: DecodedAttachment[] = [];
  let total = bodyBytes;
  if (total > limits.maxMessageBytes) throw ApiError.badRequest(`body is ${size(total)}; an email may carry at most ${size(limits.maxMessageBytes)}.`);
  for (const [i, a] of (input ?? []).entries()) {
    const field = `attachments[${i}].content`;
    // `type` becomes the part's Content-Type header: a line break or a word that is no type/subtype would be flattened
    // by the composer into a header no client reads ("text/plain X-Evil: 1"). Refused, naming the field.
    if (!MIME_TYPE.test(a.type.trim())) throw ApiError.badRequest(`attachments[${i}].type is not a MIME type (type/subtype, e.g. application/pdf): ${JSON.stringify(a.type)}.`);
    // Bound the work before decoding: base64 carries 3 bytes per 4 characters.
    if (Math.floor((a.content.length * 3) / 4) > limits.maxAttachmentBytes + 3) {
      throw ApiError.badRequest(`${field}: ${a.filename} is larger than ${size(limits.maxAttachmentBytes)}, the most one attachment may be.`);
    }
    const content = decodeBase64(field, a.content);
    if (content.length === 0) throw ApiError.badRequest(`${field}: ${a.filename} is empty.`);
    if (content.length > limits.maxAttachmentBytes) {
      throw ApiError.badRequest(`${field}: ${a.filename} is larger than ${size(limits.maxAttachmentBytes)}, the most one attachment may be.`);
    }
    total += content.length;
    if (total > limits.maxMessageBytes) {
      throw ApiError.badRequest(`${field}: with ${a.filename} the email reaches ${size(total)}; body and attachments may be at most ${size(limits.maxMessageBytes)}.`);
    }
    const found = detect(content);
    const kind = 'looksLike' in found ? null : found.kind;
    const filename = a.filename.replace(/[\r\n\0]/g, ' ').trim() || 'attachment';
    out.push({
      file_name: filename,
      content_type: a.type.trim(),
      content_disposition: a.disposition ?? 'attachment',
      // Control characters flattened as in the name: the record shows the Content-ID that went out.
      content_id: oneLine(a.content_id) || filename,
      detected_type: kind ? MIME_OF[kind] : null,
      size: content.length,
      content,
      extension: extensionOf(kind, filename, content),
    });
    await yieldToLoop();
  }
  return out;
}

/** Writes each decoded file to the FileStore under an unguessable name; what the email row keeps. */
export async function storeAttachments(files: FileStore, decoded: readonly DecodedAttachment[]): Promise<StoredAttachment[]> {
  return Promise.all(
    decoded.map(async ({ content, extension, ...meta }) => {
      const stored_name = newFileName(extension);
      await files.put(stored_name, content);
      return { ...meta, stored_name };
    }),
  );
}
