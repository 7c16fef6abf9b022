import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3.1 from the route schemas, at /openapi.json, and a bundled Swagger UI at /docs (nothing fetched at runtime). */
export async function installOpenApi(app: FastifyInstance, publicUrl: string) {
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
    transform: ({ schema, url }) => ({ schema, url: url.startsWith('/v3') ? url.slice(3) || '/' : url }),
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
