import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyError } from 'fastify';
import { authOf } from '../../core/auth/index.js';
import { ApiError } from '../../core/errors/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import type { Config } from '../../config/index.js';
import { MAX_UPLOAD_BYTES } from './uploads.input.js';
import type { UploadsService } from './uploads.service.js';
import { MULTIPART_LIMITS, readUploadRequest } from './uploads.request.js';
import { UploadJsonBody, UploadMultipartBody, UploadQuery, UploadRecord } from './uploads.schemas.js';

/** base64 of a 10 MB file (4/3 of it) plus room for the JSON around it. */
const JSON_UPLOAD_BYTES = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 64 * 1024;

export async function uploadsRoutes(app: App, deps: { config: Pick<Config, 'bodyLimitBytes'>; uploads: UploadsService }) {
  const bodyLimit = Math.max(deps.config.bodyLimitBytes, JSON_UPLOAD_BYTES);
  // Multipart parsing is registered in this scope only: every other route stays JSON-only.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: true });
    scope.post(
      '/uploads',
      {
        bodyLimit,
        schema: {
          operationId: 'uploads.create',
          tags: ['Uploads'],
          summary: 'Upload a file (PDF, DOC, DOCX, RTF, ODT, JPG, PNG, GIF or BMP) and get a hosted PDF',
          querystring: UploadQuery,
          body: {
            content: {
              'application/json': { schema: UploadJsonBody },
              // Multipart parts are read in the handler, so the parsed body is null here; the schema documents them.
              'multipart/form-data': { schema: Type.Union([Type.Null(), UploadMultipartBody]) },
            },
          },
          response: { 200: EnvelopeOf(UploadRecord), '4xx': ErrorEnvelope },
        },
        // Reworded for this route only: the generic text would not say what an upload may be.
        errorHandler: (err: FastifyError, _req, _reply) => {
          if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
            throw new ApiError(
              'PAYLOAD_TOO_LARGE',
              `The request body is over ${(bodyLimit / (1024 * 1024)).toFixed(1)} MB; uploads are limited to 10 MB per file (about 13.4 MB once base64-encoded in JSON).`,
            );
          }
          if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
            throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the upload as application/json ({"content": "<base64>"}) or as multipart/form-data with one file part.');
          }
          throw err;
        },
      },
      async (req) => {
        const { content, convert } = await readUploadRequest(req);
        // The per-content-type body schema leaves the provider unable to type the request; the query is checked by UploadQuery.
        const { convert: convertQuery } = req.query as Static<typeof UploadQuery>;
        const data = await deps.uploads.upload(authOf(req), { content, convertQuery, convertBody: convert });
        return ok(data, 'Your file has been uploaded.');
      },
    );
  });
}
