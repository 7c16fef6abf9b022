import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strictAddressPolicy, type AddressPolicy } from './address-policy.js';
import { FetchError, fetchErrorToApiError } from './errors.js';
import { SafeFetcher, type Resolver } from './safe-fetcher.js';
import { startServer, type TestServer } from './test-servers.js';

// Every server here listens on loopback; nothing in this file touches another host.

async function refusal(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(
    () => assert.fail('expected the fetch to be refused'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof FetchError, `expected a FetchError, got ${String(err)}`);
  return err;
}

describe('SafeFetcher with the default (strict) policy', () => {
  let v4: TestServer;
  let v6: TestServer;
  const fetcher = new SafeFetcher();
  before(async () => {
    v4 = await startServer('127.0.0.1', (_req, res) => res.end('secret'));
    v6 = await startServer('::1', (_req, res) => res.end('secret'));
  });
  after(async () => {
    await fetcher.close();
    await v4.close();
    await v6.close();
  });

  it('refuses a loopback IP literal, names the URL and the address, and sends no request', async () => {
    const err = await refusal(fetcher.fetch(v4.url('/a.pdf')));
    assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
    assert.equal(err.message, `${v4.url('/a.pdf')} points at 127.0.0.1, a loopback address; set ALLOW_PRIVATE_URLS=1 to allow it`);
    assert.deepEqual(v4.hits, []);
  });

  it('refuses the name localhost after resolving it', async () => {
    const err = await refusal(fetcher.fetch(`http://localhost:${v4.port}/a.pdf`));
    assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
    assert.match(err.message, /resolves to (127\.0\.0\.1|::1), a loopback address; set ALLOW_PRIVATE_URLS=1/);
    assert.deepEqual(v4.hits, []);
  });

  it('refuses [::1]', async () => {
    const err = await refusal(fetcher.fetch(v6.url('/a.pdf')));
    assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
    assert.match(err.message, /points at ::1, a loopback address/);
    assert.deepEqual(v6.hits, []);
  });

  it('refuses the IPv4-mapped IPv6 form of 127.0.0.1', async () => {
    const err = await refusal(fetcher.fetch(`http://[::ffff:127.0.0.1]:${v4.port}/`));
    assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
    assert.match(err.message, /IPv4-mapped form of a loopback address/);
    assert.deepEqual(v4.hits, []);
  });

  it('refuses 127.0.0.1 written as a decimal or hex number (the URL parser normalises both)', async () => {
    for (const host of ['2130706433', '0x7f.1', '127.1']) {
      const err = await refusal(fetcher.fetch(`http://${host}:${v4.port}/`));
      assert.equal(err.code, 'ADDRESS_NOT_ALLOWED', host);
      assert.match(err.message, new RegExp(`^http://${host.replace('.', '\\.')}:${v4.port}/ points at 127\\.0\\.0\\.1`));
    }
    assert.deepEqual(v4.hits, []);
  });

  it('refuses IPv6 forms that embed 127.0.0.1 (compatible, mapped in hex, SIIT, NAT64, 6to4, Teredo) and sends no request', async () => {
    const forms: Array<[string, RegExp]> = [
      ['[::127.0.0.1]', /points at ::7f00:1, an IPv4-compatible form of a loopback address/],
      ['[::7f00:1]', /points at ::7f00:1, an IPv4-compatible form of a loopback address/],
      ['[::ffff:7f00:1]', /points at ::ffff:7f00:1, an IPv4-mapped form of a loopback address/],
      ['[::ffff:0:7f00:1]', /points at ::ffff:0:7f00:1, an IPv4-translated \(SIIT\) form of a loopback address/],
      ['[64:ff9b::127.0.0.1]', /points at 64:ff9b::7f00:1, a NAT64 form of a loopback address/],
      ['[2002:7f00:1::1]', /points at 2002:7f00:1::1, a 6to4 form of a loopback address/],
      ['[2001:0:4136:e378:8000:63bf:80ff:fffe]', /points at 2001:0:4136:e378:8000:63bf:80ff:fffe, a Teredo form of a loopback address/],
    ];
    for (const [host, why] of forms) {
      const err = await refusal(fetcher.fetch(`http://${host}:${v4.port}/a.pdf`));
      assert.equal(err.code, 'ADDRESS_NOT_ALLOWED', host);
      assert.match(err.message, why, host);
      assert.match(err.message, /; set ALLOW_PRIVATE_URLS=1 to allow it$/, host);
    }
    assert.deepEqual(v4.hits, []);
  });

  it('refuses 0.0.0.0 (also written 0) and [::], which a connect() delivers to this host', async () => {
    for (const [url, why] of [
      [`http://0.0.0.0:${v4.port}/`, /points at 0\.0\.0\.0, an unspecified address/],
      [`http://0:${v4.port}/`, /points at 0\.0\.0\.0, an unspecified address/],
      [`http://[::]:${v6.port}/`, /points at ::, an unspecified address/],
    ] as const) {
      const err = await refusal(fetcher.fetch(url));
      assert.equal(err.code, 'ADDRESS_NOT_ALLOWED', url);
      assert.match(err.message, why, url);
    }
    assert.deepEqual(v4.hits, []);
    assert.deepEqual(v6.hits, []);
  });

  it('refuses 127.0.0.1 written in octal or as one hex or octal number', async () => {
    for (const host of ['0177.0.0.1', '0x7f000001', '017700000001', '0x7f.0.0.1', '127.0.1']) {
      const err = await refusal(fetcher.fetch(`http://${host}:${v4.port}/`));
      assert.equal(err.code, 'ADDRESS_NOT_ALLOWED', host);
      assert.match(err.message, /points at 127\.0\.0\.1, a loopback address/, host);
    }
    assert.deepEqual(v4.hits, []);
  });

  it('refuses a name that resolves to an IPv6 form embedding a loopback address', async () => {
    const sneaky = new SafeFetcher({ resolve: async () => [{ address: '::7f00:1', family: 6 }] });
    try {
      const err = await refusal(sneaky.fetch(`http://files.test:${v4.port}/a.pdf`));
      assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
      assert.match(err.message, /resolves to ::7f00:1, an IPv4-compatible form of a loopback address/);
    } finally {
      await sneaky.close();
    }
    assert.deepEqual(v4.hits, []);
  });

  it('refuses the cloud metadata host names before looking them up', async () => {
    const looked: string[] = [];
    const recording = new SafeFetcher({ resolve: async (h) => (looked.push(h), []) });
    try {
      for (const url of ['http://metadata.google.internal/computeMetadata/v1/', 'http://metadata/', 'http://METADATA.google.internal./x']) {
        const err = await refusal(recording.fetch(url));
        assert.equal(err.code, 'ADDRESS_NOT_ALLOWED', url);
        assert.match(err.message, /cloud instance-metadata host name; set ALLOW_PRIVATE_URLS=1/);
      }
      assert.deepEqual(looked, []);
    } finally {
      await recording.close();
    }
  });

  it('turns a refusal into a 400 ApiError that names the field', async () => {
    const err = await refusal(fetcher.fetch(v4.url('/a.pdf')));
    const api = fetchErrorToApiError(err, 'file_urls[0]');
    assert.equal(api.httpCode, 400);
    assert.equal(api.responseCode, 'BAD_REQUEST');
    assert.equal(api.message, `file_urls[0] could not be fetched: ${v4.url('/a.pdf')} points at 127.0.0.1, a loopback address; set ALLOW_PRIVATE_URLS=1 to allow it.`);
  });
});

describe('SafeFetcher with allowPrivate (ALLOW_PRIVATE_URLS=1)', () => {
  let v4: TestServer;
  let v6: TestServer;
  const fetcher = new SafeFetcher({ allowPrivate: true });
  before(async () => {
    v4 = await startServer('127.0.0.1', (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-v4'));
    v6 = await startServer('::1', (_req, res) => res.end('%PDF-v6'));
  });
  after(async () => {
    await fetcher.close();
    await v4.close();
    await v6.close();
  });

  it('fetches loopback URLs in every spelling the strict policy refuses', async () => {
    for (const url of [v4.url('/a.pdf'), `http://localhost:${v4.port}/a.pdf`, `http://[::ffff:127.0.0.1]:${v4.port}/a.pdf`, `http://2130706433:${v4.port}/a.pdf`]) {
      const r = await fetcher.fetch(url);
      assert.equal(r.status, 200, url);
      assert.equal(r.body.toString(), '%PDF-v4', url);
      assert.equal(r.contentType, 'application/pdf');
    }
    const r6 = await fetcher.fetch(v6.url('/b.pdf'));
    assert.equal(r6.body.toString(), '%PDF-v6');
    assert.equal(r6.finalUrl, v6.url('/b.pdf'));
  });

  it('still refuses schemes other than http and https', async () => {
    for (const url of ['ftp://127.0.0.1/a.pdf', 'file:///etc/passwd']) {
      const err = await refusal(fetcher.fetch(url));
      assert.equal(err.code, 'SCHEME_NOT_ALLOWED', url);
    }
  });
});

describe('SafeFetcher judges the peer the socket reached', () => {
  it('refuses after connecting when the verdict on the address changes between lookup and connect', async () => {
    const server = await startServer('127.0.0.1', (_req, res) => res.end('internal secret'));
    // Allows 127.0.0.1 once (at lookup), then refuses it: the same view a rebinding attacker hopes to exploit.
    let asked = 0;
    const flipping: AddressPolicy = {
      refuseAddress: (a) => (a === '127.0.0.1' && asked++ === 0 ? null : strictAddressPolicy.refuseAddress(a)),
      refuseHostname: () => null,
    };
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const fetcher = new SafeFetcher({ policy: flipping, resolve });
    try {
      const err = await refusal(fetcher.fetch(`http://files.test:${server.port}/a.pdf`));
      assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
      assert.match(err.message, /connected to 127\.0\.0\.1, a loopback address/);
      assert.deepEqual(server.hits, []);
    } finally {
      await fetcher.close();
      await server.close();
    }
  });
});

describe('SafeFetcher re-checks the address on every redirect', () => {
  // A test-only policy: 127.0.0.2 stands in for a public host, every other address keeps the strict verdict.
  const policy: AddressPolicy = {
    refuseAddress: (a) => (a === '127.0.0.2' ? null : strictAddressPolicy.refuseAddress(a)),
    refuseHostname: (h) => strictAddressPolicy.refuseHostname(h),
  };
  const names: Record<string, string[]> = { 'files.test': ['127.0.0.2'], 'inside.test': ['127.0.0.1'], 'split.test': ['127.0.0.2', '127.0.0.1'] };
  const resolve: Resolver = async (h) => {
    const found = names[h];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: 4 }));
  };
  let inside: TestServer;
  let outside: TestServer;
  const fetcher = new SafeFetcher({ policy, resolve });
  before(async () => {
    inside = await startServer('127.0.0.1', (_req, res) => res.end('internal secret'));
    outside = await startServer('127.0.0.2', (req, res) => {
      if (req.url === '/ok') return void res.end('public file');
      if (req.url === '/to-literal') return void res.writeHead(302, { location: inside.url('/admin') }).end();
      if (req.url === '/to-name') return void res.writeHead(301, { location: `http://inside.test:${inside.port}/admin` }).end();
      res.writeHead(404).end();
    });
  });
  after(async () => {
    await fetcher.close();
    await inside.close();
    await outside.close();
  });

  it('fetches from an allowed address, by literal and by name', async () => {
    assert.equal((await fetcher.fetch(outside.url('/ok'))).body.toString(), 'public file');
    assert.equal((await fetcher.fetch(`http://files.test:${outside.port}/ok`)).body.toString(), 'public file');
  });

  it('refuses a redirect to a private IP literal and never requests it', async () => {
    const err = await refusal(fetcher.fetch(`http://files.test:${outside.port}/to-literal`));
    assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
    assert.equal(err.message, `http://files.test:${outside.port}/to-literal (redirected to ${inside.url('/admin')}) points at 127.0.0.1, a loopback address; set ALLOW_PRIVATE_URLS=1 to allow it`);
    assert.deepEqual(inside.hits, []);
  });

  it('refuses a redirect to a name that resolves to a private address', async () => {
    const err = await refusal(fetcher.fetch(`http://files.test:${outside.port}/to-name`));
    assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
    assert.match(err.message, /\(redirected to http:\/\/inside\.test:\d+\/admin\) resolves to 127\.0\.0\.1, a loopback address/);
    assert.deepEqual(inside.hits, []);
  });

  it('refuses a name when any of its addresses is refused', async () => {
    const err = await refusal(fetcher.fetch(`http://split.test:${outside.port}/ok`));
    assert.equal(err.code, 'ADDRESS_NOT_ALLOWED');
    assert.match(err.message, /resolves to 127\.0\.0\.1/);
  });

  it('reports a name that does not resolve as DNS_FAILED', async () => {
    const err = await refusal(fetcher.fetch('https://nowhere.test/a.pdf'));
    assert.equal(err.code, 'DNS_FAILED');
    assert.equal(err.message, 'https://nowhere.test/a.pdf could not be resolved: no address found for nowhere.test (ENOTFOUND)');
  });
});
