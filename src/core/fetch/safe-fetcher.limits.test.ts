import assert from 'node:assert/strict';
import type http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { FetchError } from './errors.js';
import { SafeFetcher } from './safe-fetcher.js';
import { closedPort, startServer, type TestServer } from './test-servers.js';

// All against one loopback server; allowPrivate only lifts the address checks, so these limits are the real ones.

async function failure(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(
    () => assert.fail('expected the fetch to fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof FetchError, `expected a FetchError, got ${String(err)}`);
  return err;
}

/** Writes 1 KiB chunks (chunked encoding, no Content-Length) until the client goes away. */
function endless(res: http.ServerResponse) {
  res.writeHead(200, { 'content-type': 'application/pdf' });
  const chunk = Buffer.alloc(1024, 0x41);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on('drain', pump);
  pump();
}

const routes: Record<string, http.RequestListener> = {
  '/ok': (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf', 'x-extra': 'yes' }).end('%PDF-1.7 ok'),
  '/exactly-1000': (_req, res) => {
    res.writeHead(200);
    res.write(Buffer.alloc(600));
    res.end(Buffer.alloc(400));
  },
  // Promises 5 MB, then sends nothing: only an early refusal on the header ends this before the deadline.
  '/declared-big': (_req, res) => {
    res.writeHead(200, { 'content-length': String(5_000_000) });
    res.flushHeaders();
  },
  '/endless': (_req, res) => endless(res),
  '/silent': () => {},
  '/trickle': (_req, res) => {
    res.writeHead(200);
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('x')), 20);
    res.on('close', () => clearInterval(timer));
  },
  '/missing': (_req, res) => res.writeHead(404).end('no such file'),
  '/broken': (_req, res) => res.writeHead(503).end(),
  '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
  '/no-location': (_req, res) => res.writeHead(302).end(),
  '/to-file': (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  '/to-creds': (_req, res) => res.writeHead(302, { location: 'http://user:hunter2@127.0.0.1/' }).end(),
};

function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = req.url ?? '/';
  // /hop/N redirects with a relative Location down to /hop/0, which answers 200.
  const hop = /^\/hop\/(\d+)$/.exec(path);
  if (hop) {
    const n = Number(hop[1]);
    if (n === 0) return void res.end('arrived');
    return void res.writeHead(n % 2 ? 307 : 301, { location: `../hop/${n - 1}` }).end();
  }
  (routes[path] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
}

describe('SafeFetcher limits', () => {
  let server: TestServer;
  const fetcher = new SafeFetcher({ allowPrivate: true, maxBytes: 1000, timeoutMs: 10_000 });
  before(async () => {
    server = await startServer('127.0.0.1', handler);
  });
  after(async () => {
    await fetcher.close();
    await server.close();
  });

  it('returns status, headers, body, content type and final URL', async () => {
    const r = await fetcher.fetch(server.url('/ok'));
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), '%PDF-1.7 ok');
    assert.equal(r.contentType, 'application/pdf');
    assert.equal(r.headers['x-extra'], 'yes');
    assert.equal(r.finalUrl, server.url('/ok'));
  });

  it('accepts a streamed body of exactly the byte limit', async () => {
    const r = await fetcher.fetch(server.url('/exactly-1000'));
    assert.equal(r.body.length, 1000);
  });

  it('refuses a body whose Content-Length is over the limit without waiting for it', async () => {
    const err = await failure(fetcher.fetch(server.url('/declared-big')));
    assert.equal(err.code, 'TOO_LARGE');
    assert.equal(err.message, `${server.url('/declared-big')} is 4.8 MiB, over the limit of 1000 bytes`);
  });

  it('stops reading a chunked body without Content-Length at the limit', async () => {
    const err = await failure(fetcher.fetch(server.url('/endless')));
    assert.equal(err.code, 'TOO_LARGE');
    assert.match(err.message, /is larger than the limit of 1000 bytes$/);
  });

  it('applies a per-call byte limit', async () => {
    const err = await failure(fetcher.fetch(server.url('/ok'), { maxBytes: 5 }));
    assert.equal(err.code, 'TOO_LARGE');
  });

  it('times out on a server that accepts the request and never answers', async () => {
    const err = await failure(fetcher.fetch(server.url('/silent'), { timeoutMs: 300 }));
    assert.equal(err.code, 'TIMEOUT');
    assert.equal(err.message, `${server.url('/silent')} did not finish within 300 ms`);
  });

  it('times out on a server that trickles its body, under the byte limit', async () => {
    const err = await failure(fetcher.fetch(server.url('/trickle'), { timeoutMs: 300, maxBytes: 1_000_000 }));
    assert.equal(err.code, 'TIMEOUT');
  });

  it('follows relative redirects up to the limit of 5', async () => {
    const r = await fetcher.fetch(server.url('/hop/5'));
    assert.equal(r.body.toString(), 'arrived');
    assert.equal(r.finalUrl, server.url('/hop/0'));
  });

  it('refuses a sixth redirect', async () => {
    const err = await failure(fetcher.fetch(server.url('/hop/6')));
    assert.equal(err.code, 'TOO_MANY_REDIRECTS');
    assert.match(err.message, /^http:\/\/127\.0\.0\.1:\d+\/hop\/6 \(redirected to http:\/\/127\.0\.0\.1:\d+\/hop\/1\) redirected more than 5 times$/);
  });

  it('refuses an endless redirect loop', async () => {
    const err = await failure(fetcher.fetch(server.url('/loop')));
    assert.equal(err.code, 'TOO_MANY_REDIRECTS');
  });

  it('refuses ftp:// and file:// URLs', async () => {
    const ftp = await failure(fetcher.fetch('ftp://127.0.0.1/a.pdf'));
    assert.equal(ftp.code, 'SCHEME_NOT_ALLOWED');
    assert.equal(ftp.message, 'ftp://127.0.0.1/a.pdf uses ftp; only http and https URLs can be fetched');
    const file = await failure(fetcher.fetch('file:///etc/passwd'));
    assert.equal(file.code, 'SCHEME_NOT_ALLOWED');
  });

  it('refuses a redirect to a file:// URL', async () => {
    const err = await failure(fetcher.fetch(server.url('/to-file')));
    assert.equal(err.code, 'SCHEME_NOT_ALLOWED');
    assert.match(err.message, /\/to-file redirects to file:\/\/\/etc\/passwd, which uses file;/);
  });

  it('reports a non-2xx answer with its status', async () => {
    const err = await failure(fetcher.fetch(server.url('/missing')));
    assert.equal(err.code, 'HTTP_STATUS');
    assert.equal(err.message, `${server.url('/missing')} answered HTTP 404; expected a 2xx response`);
    assert.match((await failure(fetcher.fetch(server.url('/broken')))).message, /answered HTTP 503/);
  });

  it('reports a redirect without a Location header as an HTTP status problem', async () => {
    const err = await failure(fetcher.fetch(server.url('/no-location')));
    assert.equal(err.code, 'HTTP_STATUS');
    assert.match(err.message, /answered 302 without a Location header/);
  });

  it('refuses URLs with credentials and keeps the password out of the message', async () => {
    const err = await failure(fetcher.fetch(`http://alice:hunter2@127.0.0.1:${server.port}/ok`));
    assert.equal(err.code, 'INVALID_URL');
    assert.doesNotMatch(err.message, /hunter2/);
    assert.doesNotMatch(err.url, /hunter2/);
    assert.match(err.message, /contains a user name or password/);
    const viaRedirect = await failure(fetcher.fetch(server.url('/to-creds')));
    assert.equal(viaRedirect.code, 'INVALID_URL');
    assert.doesNotMatch(viaRedirect.message, /hunter2/);
  });

  it('refuses text that is not an absolute URL', async () => {
    for (const raw of ['not a url', '/relative/a.pdf', '']) {
      const err = await failure(fetcher.fetch(raw));
      assert.equal(err.code, 'INVALID_URL', raw);
      assert.match(err.message, /is not a valid absolute URL/);
    }
  });

  it('reports a refused connection as CONNECTION_FAILED', async () => {
    const port = await closedPort();
    const err = await failure(fetcher.fetch(`http://127.0.0.1:${port}/a.pdf`));
    assert.equal(err.code, 'CONNECTION_FAILED');
    assert.match(err.message, /ECONNREFUSED/);
  });
});
