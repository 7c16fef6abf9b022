import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3.1 from the route schemas, at /openapi.json, and a bundled Swagger UI at /docs (nothing fetched at runtime). */
export async function installOpenApi(app: FastifyInstance, publicUrl: string) {
  const outsideV3 = new Set<string>(); // OpenAPI paths of routes not under /v3
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sendbox — ClickSend REST API v3 compatible',
        version: '0.1.0',
        description: 'Every response is wrapped in the ClickSend envelope {http_code, response_code, response_msg, data}.',
      },
      servers: [{ url: `${publicUrl}/v3` }],
      components: { securitySchemes: { BasicAuth: { type: 'http', scheme: 'basic', description: 'API username and API key' } } },
      security: [{ BasicAuth: [] }],
    },
    // Routes are registered under /v3 but documented relative to the server URL above.
    transform: ({ schema, url }) => {
      if (url.startsWith('/v3')) return { schema, url: url.slice(3) || '/' };
      outsideV3.add(url.replace(/:(\w+)/g, '{$1}'));
      return { schema, url };
    },
    // A route outside /v3 (GET /files/{name}, at the host root as on ClickSend) gets its own server, or "try it out"
    // in /docs would call /v3/files/... and get a 404.
    transformObject: (documents) => {
      if (!('openapiObject' in documents)) return documents.swaggerObject;
      for (const p of outsideV3) {
        const item = documents.openapiObject.paths?.[p];
        if (item) item.servers = [{ url: publicUrl }];
      }
      return documents.openapiObject;
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
