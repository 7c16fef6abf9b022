import { Type } from '@sinclair/typebox';
import { contentTypeOf, FILE_NAME_PATTERN } from '../../core/files/index.js';
import { ApiError } from '../../core/errors/index.js';
import type { App } from '../../core/http/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { GeneratedFilesService } from './generated-files.service.js';

/**
 * GET /files/{name}: stored files (uploads, merged PDFs, proofs, thumbnails, exports), outside /v3
 * like ClickSend's https://rest.clicksend.com/files/<GUID>.pdf. The unguessable name is the capability;
 * no credentials are asked, so the URLs work in an <img> tag or a browser. Exports expire EXPORT_TTL after
 * they are written (uploads UPLOAD_TTL after theirs).
 */
export function filesRoutes(app: App, services: { files: FileStore; generatedFiles: GeneratedFilesService }) {
  app.get(
    '/files/:name',
    {
      config: { auth: 'public' },
      schema: {
        operationId: 'files.get',
        tags: ['Files'],
        summary: 'Download a stored file',
        security: [],
        params: Type.Object({ name: Type.String({ maxLength: 140 }) }),
        querystring: Type.Object({ filename: Type.Optional(Type.String({ maxLength: 200, description: 'Name to save the download as (exports).' })) }),
      },
    },
    async (req, reply) => {
      const { name } = req.params;
      // A generated file past its TTL is gone for callers even while it waits for the sweep.
      const live = FILE_NAME_PATTERN.test(name) && !(await services.generatedFiles.isExpired(name));
      const found = live ? await services.files.stream(name) : undefined;
      if (!found) throw ApiError.notFound(`No such file: ${name}.`);
      reply.header('content-type', contentTypeOf(req.query.filename ?? name));
      reply.header('content-length', String(found.size));
      reply.header('cache-control', 'private, max-age=3600');
      reply.header('x-content-type-options', 'nosniff');
      if (req.query.filename) {
        const safe = req.query.filename.replace(/[^\w.\- ]/g, '_');
        reply.header('content-disposition', `attachment; filename="${safe}"`);
      }
      return reply.send(found.stream);
    },
  );
}
