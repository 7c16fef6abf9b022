// The reference point: Fastify with nothing but one route, no logger, no schemas, no plugins.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { reportFailure, serveUntilStopped } from '../lib/child.js';

try {
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  serveUntilStopped({ origin: `http://127.0.0.1:${port}` }, () => app.close());
} catch (err) {
  reportFailure(err);
}
