// Loopback HTTP servers for the fetch tests (not product code; imported only by *.test.ts beside it).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** Requests that reached the handler, so a test can prove a refused URL was never requested. */
  readonly hits: string[];
  readonly port: number;
  /** http://host:port + path, with IPv6 hosts bracketed. */
  url(path?: string): string;
  close(): Promise<void>;
}

export async function startServer(host: string, handler: http.RequestListener): Promise<TestServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    hits,
    port,
    url: (path = '/') => `http://${shownHost}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = await startServer('127.0.0.1', () => {});
  await s.close();
  return s.port;
}
