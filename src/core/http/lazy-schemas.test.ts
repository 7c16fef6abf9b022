import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { lazySchemaCompilers } from './lazy-schemas.js';

// The app's Ajv options (app.ts): coercion, defaults and the first error only.
const AJV: FastifyServerOptions['ajv'] = { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false } };

const schema = {
  querystring: {
    type: 'object',
    properties: { n: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { type: 'string' } }, mode: { type: 'string', default: 'plain' } },
    required: ['n'],
  },
  body: { type: 'object', properties: { name: { type: 'string', minLength: 2 } }, required: ['name'] },
  response: { 200: { type: 'object', properties: { n: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } }, mode: { type: 'string' }, name: { type: 'string' } } } },
};

async function appWith(opts: FastifyServerOptions) {
  const app = Fastify({ ...opts, ajv: AJV });
  // The reply carries a field the response schema leaves out: the serializer must drop it.
  app.post('/echo', { schema }, async (req) => ({ ...(req.query as object), ...(req.body as object), secret: 'not serialized' }));
  await app.ready();
  return app;
}

describe('lazySchemaCompilers', () => {
  it("validates, coerces, fills defaults, reports errors and serializes exactly as Fastify's own compilers", async () => {
    const eager = await appWith({});
    const lazy = lazySchemaCompilers();
    const deferred = await appWith({ schemaController: { compilersFactory: lazy.compilers } });
    const cases = [
      { url: '/echo?n=3&tags=a', payload: { name: 'Jo' } },
      { url: '/echo?n=0', payload: { name: 'Jo' } },
      { url: '/echo?n=x', payload: { name: 'Jo' } },
      { url: '/echo', payload: { name: 'Jo' } },
      { url: '/echo?n=2', payload: { name: 'J' } },
      { url: '/echo?n=2', payload: {} },
    ];
    for (const c of cases) {
      const [a, b] = await Promise.all([eager.inject({ method: 'POST', ...c }), deferred.inject({ method: 'POST', ...c })]);
      assert.equal(b.statusCode, a.statusCode, c.url);
      assert.deepEqual(b.json(), a.json(), c.url);
    }
    assert.deepEqual((await deferred.inject({ method: 'POST', url: '/echo?n=3&tags=a', payload: { name: 'Jo' } })).json(), { n: 3, tags: ['a'], mode: 'plain', name: 'Jo' });
    await Promise.all([eager.close(), deferred.close()]);
  });

  it('compiles nothing before listen: a schema that does not compile fails warm(), not ready()', async () => {
    const lazy = lazySchemaCompilers();
    const app = Fastify({ ajv: AJV, schemaController: { compilersFactory: lazy.compilers } });
    app.get('/broken', { schema: { querystring: { type: 'object', properties: { a: { type: 'no-such-type' } } } } }, async () => ({}));
    await app.ready();
    await assert.rejects(lazy.warm(), /no-such-type|type must be/);
    await app.close();
    // The same route with Fastify's own compilers refuses to start.
    const eager = Fastify({ ajv: AJV });
    eager.get('/broken', { schema: { querystring: { type: 'object', properties: { a: { type: 'no-such-type' } } } } }, async () => ({}));
    await assert.rejects(async () => {
      await eager.ready();
    });
  });

  it('compiles on the first request what it needs; warm() compiles the rest', async () => {
    const lazy = lazySchemaCompilers();
    const app = await appWith({ schemaController: { compilersFactory: lazy.compilers } });
    // Two compilers (Ajv's, fast-json-stringify's), querystring, body and the 200 response.
    assert.equal(lazy.pending(), 5);
    // Refused by the querystring: Ajv, the body's and the querystring's validators were needed, no serializer.
    assert.equal((await app.inject({ method: 'POST', url: '/echo?n=0', payload: { name: 'Al' } })).statusCode, 400);
    assert.equal(lazy.pending(), 2);
    await lazy.warm();
    assert.equal(lazy.pending(), 0);
    const res = await app.inject({ method: 'POST', url: '/echo?n=1', payload: { name: 'Al' } });
    assert.deepEqual(res.json(), { n: 1, mode: 'plain', name: 'Al' });
    await app.close();
  });
});
