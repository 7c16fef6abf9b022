import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import { authOf } from '../../core/auth/index.js';
import { ApiError } from '../../core/errors/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import type { ImageSource, TemplateImages } from './email-templates.images.js';
import { ImageJsonBody, ImageMultipartBody, TemplateIdParams } from './email-templates.schemas.js';

const FORMS = 'Send {"image": "<base64>"} or {"url": "https://..."} as JSON, or multipart/form-data with the file as the part "image" (or a field "url").';

/** The base64 `image` of a JSON body, checked for size before it is decoded. */
function decodeImage(text: string, images: TemplateImages): Buffer {
  const b64 = text.replace(/^data:[^,]{0,200};base64,/i, '').replace(/[\r\n\t ]+/g, '');
  if (b64 === '') throw ApiError.badRequest('image is empty; send the image base64-encoded.');
  const bytes = Math.floor((b64.length * 3) / 4);
  if (bytes > images.maxBytes + 2) throw images.tooLarge('image', bytes);
  const bad = /[^A-Za-z0-9+/_=-]/.exec(b64);
  if (bad || /=[^=]/.test(b64)) throw ApiError.badRequest(`image is not valid base64 (unexpected character at position ${bad ? bad.index : b64.search(/=[^=]/)}).`);
  return Buffer.from(b64, 'base64');
}

function oneSource(image: Buffer | string | undefined, url: string | undefined, images: TemplateImages): ImageSource {
  if (image !== undefined && url !== undefined) throw ApiError.badRequest('Send either image or url, not both.');
  if (image !== undefined) return { kind: 'bytes', content: typeof image === 'string' ? decodeImage(image, images) : image };
  if (url !== undefined && url.trim() !== '') return { kind: 'url', url: url.trim() };
  throw ApiError.badRequest(`image or url is required. ${FORMS}`);
}

async function readMultipart(req: FastifyRequest, images: TemplateImages): Promise<ImageSource> {
  let image: Buffer | undefined;
  let url: string | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') image = await part.toBuffer();
      else if (part.fieldname === 'url' && typeof part.value === 'string') url = part.value;
    }
  } catch (err) {
    const code = (err as { code?: string } | null)?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw images.tooLarge('image');
    if (code === 'FST_FILES_LIMIT') throw ApiError.badRequest('Send one image part per request.');
    throw ApiError.badRequest(`The multipart/form-data body is malformed: ${err instanceof Error ? err.message : String(err)}.`);
  }
  return oneSource(image, url, images);
}

/** POST /email/templates-images/{template_id}: multipart parsing is registered in this scope only. */
export async function templateImagesRoutes(app: App, images: TemplateImages) {
  // base64 of the largest image (4/3 of it) plus room for the JSON around it.
  const bodyLimit = Math.ceil((images.maxBytes * 4) / 3) + 64 * 1024;
  const limits = { fileSize: images.maxBytes, files: 1, fields: 5, fieldSize: 4096, parts: 10, headerPairs: 100 };
  await app.register(async (scope) => {
    await scope.register(multipart, { limits, throwFileSizeLimit: true });
    scope.post(
      '/email/templates-images/:template_id',
      {
        config: { access: 'email' },
        bodyLimit,
        schema: {
          operationId: 'email.templates.images.upload',
          tags: ['Email Marketing'],
          summary: 'Upload an image for a user template',
          params: TemplateIdParams,
          body: {
            content: {
              'application/json': { schema: ImageJsonBody },
              // Multipart parts are read in the handler, so the parsed body is null here; the schema documents them.
              'multipart/form-data': { schema: Type.Union([Type.Null(), ImageMultipartBody]) },
            },
          },
          response: { 200: EnvelopeOf(Type.String({ description: 'The URL of the stored image.' })), '4xx': ErrorEnvelope },
        },
        errorHandler: (err: FastifyError, _req, _reply) => {
          if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw images.tooLarge('image');
          if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw new ApiError('UNSUPPORTED_MEDIA_TYPE', FORMS);
          throw err;
        },
      },
      async (req) => {
        const { template_id } = req.params as { template_id: number };
        const body = req.body as ImageJsonBody | null | undefined;
        const source = req.isMultipart() ? await readMultipart(req, images) : oneSource(body?.image, body?.url, images);
        return ok(await images.upload(authOf(req), template_id, source), 'Here is your uploaded image.');
      },
    );
  });
}
