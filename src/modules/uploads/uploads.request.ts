import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../core/errors/index.js';
import { decodeContent, MAX_UPLOAD_BYTES } from './uploads.input.js';
import type { UploadJsonBody } from './uploads.schemas.js';

/** @fastify/multipart's limits for this route: one file of at most 10 MB, a few small fields. */
export const MULTIPART_LIMITS = { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 20, headerPairs: 100 };

function multipartError(err: unknown): ApiError {
  const code = (err as { code?: string } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', `The file is larger than 10 MB; uploads are limited to 10 MB (${MAX_UPLOAD_BYTES} bytes) per file.`);
    case 'FST_FILES_LIMIT':
      return ApiError.badRequest('Send exactly one file part per upload; this request has more than one.');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return ApiError.badRequest(`The multipart body has too many parts; send one file part and at most ${MULTIPART_LIMITS.fields} fields (such as convert).`);
    default:
      return ApiError.badRequest(`The multipart/form-data body is malformed: ${err instanceof Error ? err.message : String(err)}.`);
  }
}

/** The one file part (any field name) and an optional `convert` field of a multipart upload. */
async function readMultipart(req: FastifyRequest): Promise<{ content: Buffer; convert: string | undefined }> {
  let content: Buffer | undefined;
  let convert: string | undefined;
  try {
    for await (const part of req.parts({ limits: MULTIPART_LIMITS })) {
      if (part.type === 'file') content = await part.toBuffer();
      else if (part.fieldname === 'convert' && typeof part.value === 'string') convert = part.value;
    }
  } catch (err) {
    throw err instanceof ApiError ? err : multipartError(err);
  }
  if (!content) throw ApiError.badRequest('The multipart body has no file part; send the file as a part with a filename (for example curl -F file=@card.pdf).');
  return { content, convert };
}

/** The uploaded bytes and the body's `convert`, from either encoding ClickSend documents. */
export async function readUploadRequest(req: FastifyRequest): Promise<{ content: Buffer; convert: string | undefined }> {
  if (req.isMultipart()) return readMultipart(req);
  const body = req.body as UploadJsonBody | null | undefined;
  if (typeof body?.content !== 'string') {
    throw ApiError.badRequest('content is required: send {"content": "<base64 of the file>"} as JSON, or the file as multipart/form-data.');
  }
  return { content: decodeContent(body.content), convert: body.convert };
}
