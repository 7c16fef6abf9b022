import { createHash } from 'node:crypto';
import type { App } from '../../../core/http/index.js';

/** Makes the template once per process: the first caller starts it, everyone shares the bytes; a failure is tried again. */
export function onceTemplate(make: () => Promise<Buffer>): () => Promise<{ pdf: Buffer; etag: string }> {
  let made: Promise<{ pdf: Buffer; etag: string }> | undefined;
  return () => {
    made ??= make().then(
      (pdf) => ({ pdf, etag: `"${createHash('sha256').update(pdf).digest('hex').slice(0, 32)}"` }),
      (err: unknown) => {
        made = undefined;
        throw err;
      },
    );
    return made;
  };
}

/**
 * GET /post/postcards/artwork-template.pdf (beyond ClickSend): the postcard layout to design on, with trim,
 * bleed, safe area and address zone measured in mm (docs/postcards.md). At the host root and public, like
 * GET /files/{name}: it is a file, not an API answer in the envelope, and holds no account data. Cheap: the bytes are made once per process in a post worker thread and served from memory with an ETag,
 * so a client or proxy cache answers repeat requests.
 */
export function artworkTemplateRoutes(app: App, deps: { template: () => Promise<{ pdf: Buffer; etag: string }> }) {
  app.get(
    '/post/postcards/artwork-template.pdf',
    {
      config: { auth: 'public' },
      schema: {
        operationId: 'postcards.artworkTemplate',
        tags: ['Postcards'],
        summary: 'Postcard artwork template (PDF: trim, bleed, safe area and address zone, in mm)',
        security: [],
      },
    },
    async (req, reply) => {
      const { pdf, etag } = await deps.template();
      reply.header('etag', etag);
      reply.header('cache-control', 'public, max-age=86400');
      reply.header('x-content-type-options', 'nosniff');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', 'inline; filename="sendbox-postcard-template.pdf"');
      return reply.send(pdf);
    },
  );
}
