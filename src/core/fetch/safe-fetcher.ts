import dns from 'node:dns';
import net from 'node:net';
import type { Agent, buildConnector, Dispatcher } from 'undici';
import { permissiveAddressPolicy, strictAddressPolicy, type AddressPolicy } from './address-policy.js';
import { FetchError, type FetchErrorCode } from './errors.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetcherOptions {
  /** ALLOW_PRIVATE_URLS: lifts the address checks only, never the scheme, size or time limits. */
  allowPrivate?: boolean;
  /** Overrides allowPrivate; tests use a policy that allows one loopback address but not another. */
  policy?: AddressPolicy;
  /** Host name → addresses; dns.lookup (the system resolver, /etc/hosts included) by default. */
  resolve?: Resolver;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
}

export interface FetchOptions {
  maxBytes?: number;
  timeoutMs?: number;
  accept?: string;
}

/** One request to a user-supplied URL whose answer is wanted whatever its status (a webhook push). */
export interface SendRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange: connect, send, headers and the capped read. */
  timeoutMs?: number;
  /** Bytes of the answer kept; the rest is dropped unread (not an error: the answer's status is what counts). */
  maxResponseBytes?: number;
}

export interface SendResult {
  status: number;
  headers: Record<string, string>;
  /** At most maxResponseBytes of the answer. */
  body: Buffer;
  /** True when the answer was longer than what was kept. */
  truncated: boolean;
}

export interface FetchResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  contentType: string | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DNS_ERROR_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL', 'ENODATA']);
const PRIVATE_HINT = 'set ALLOW_PRIVATE_URLS=1 to allow it';

/** Raised inside the connector, where the URL is unknown; fetch() turns it into a FetchError that names the URL. */
class AddressRefusal extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
    readonly verb: 'resolves to' | 'connected to',
  ) {
    super(`${verb} ${address}, ${reason}`);
  }
}

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * The one way the server fetches a URL a user gave it. Built once from config; holds a connection pool, so
 * close() it on shutdown. Every connection is checked against the policy at connect time (in the DNS lookup and
 * again on the socket's remote address), so a name that re-resolves between a check and the connect cannot slip
 * through, and every redirect hop is checked the same way.
 */
export class SafeFetcher {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  private readonly policy: AddressPolicy;
  private readonly resolve: Resolver;
  /** Made on the first fetch: undici takes a tenth of a second to load, which start-up need not pay. */
  private agent: Promise<Agent> | undefined;
  private closed = false;

  constructor(opts: SafeFetcherOptions = {}) {
    this.policy = opts.policy ?? (opts.allowPrivate ? permissiveAddressPolicy : strictAddressPolicy);
    this.resolve = opts.resolve ?? systemResolver;
    this.maxBytes = positive(opts.maxBytes ?? 20 * 1024 * 1024, 'maxBytes');
    this.timeoutMs = positive(opts.timeoutMs ?? 20_000, 'timeoutMs');
    this.maxRedirects = opts.maxRedirects ?? 5;
  }

  async fetch(rawUrl: string, opts: FetchOptions = {}): Promise<FetchResult> {
    const maxBytes = positive(opts.maxBytes ?? this.maxBytes, 'maxBytes');
    const timeoutMs = positive(opts.timeoutMs ?? this.timeoutMs, 'timeoutMs');
    const original = shown(rawUrl);
    let url = parseUrl(rawUrl, original, original);
    let redirected = false;
    const subject = () => (redirected ? `${original} (redirected to ${shown(url.href)})` : original);
    // One deadline for the whole fetch: every hop's connect, headers and body.
    const signal = AbortSignal.timeout(timeoutMs);
    const fail = (code: FetchErrorCode, problem: string, cause?: unknown) => new FetchError(code, `${subject()} ${problem}`, original, { cause });

    try {
      for (let redirects = 0; ; redirects++) {
        this.checkHost(url, fail);
        const res = await (await this.undiciAgent()).request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers: { accept: opts.accept ?? '*/*', 'accept-encoding': 'identity', 'user-agent': 'sendbox-fetch' },
          signal,
        });
        if (REDIRECT_STATUSES.has(res.statusCode)) {
          discard(res.body);
          const location = header(res.headers, 'location');
          if (location === undefined) throw fail('HTTP_STATUS', `answered ${res.statusCode} without a Location header`);
          if (redirects >= this.maxRedirects) throw fail('TOO_MANY_REDIRECTS', `redirected more than ${this.maxRedirects} times`);
          url = parseUrl(location, original, `${subject()} redirects to`, url);
          redirected = true;
          continue;
        }
        if (res.statusCode < 200 || res.statusCode > 299) {
          discard(res.body);
          throw fail('HTTP_STATUS', `answered HTTP ${res.statusCode}; expected a 2xx response`);
        }
        const declared = header(res.headers, 'content-length');
        if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
          discard(res.body);
          throw fail('TOO_LARGE', `is ${bytes(Number(declared))}, over the limit of ${bytes(maxBytes)}`);
        }
        const body = await readCapped(res.body, maxBytes, () => fail('TOO_LARGE', `is larger than the limit of ${bytes(maxBytes)}`));
        const headers = flatten(res.headers);
        return { status: res.statusCode, headers, body, finalUrl: url.href, contentType: headers['content-type'] ?? null };
      }
    } catch (err) {
      throw this.toFetchError(err, signal, timeoutMs, url, fail);
    }
  }

  /**
   * Sends one request and returns the answer whatever its status (non-2xx included), with at most maxResponseBytes of
   * its body. The same address checks as fetch(); redirects are never followed (a 3xx is returned like any status, so
   * the caller decides: a webhook treats it as a failed attempt). Throws FetchError for what prevented an answer:
   * INVALID_URL, SCHEME_NOT_ALLOWED, ADDRESS_NOT_ALLOWED, DNS_FAILED, TIMEOUT, CONNECTION_FAILED.
   */
  async send(rawUrl: string, req: SendRequest): Promise<SendResult> {
    const timeoutMs = positive(req.timeoutMs ?? this.timeoutMs, 'timeoutMs');
    const maxBytes = positive(req.maxResponseBytes ?? 64 * 1024, 'maxResponseBytes');
    const original = shown(rawUrl);
    const url = parseUrl(rawUrl, original, original);
    const fail = (code: FetchErrorCode, problem: string, cause?: unknown) => new FetchError(code, `${original} ${problem}`, original, { cause });
    this.checkHost(url, fail);
    // Loading undici (first use only) is not the receiver's time.
    const agent = await this.undiciAgent();
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers: { 'accept-encoding': 'identity', 'user-agent': 'sendbox-fetch', ...req.headers },
        body: req.body,
        signal,
      });
      const { body, truncated } = await readUpTo(res.body, maxBytes);
      return { status: res.statusCode, headers: flatten(res.headers), body, truncated };
    } catch (err) {
      throw this.toFetchError(err, signal, timeoutMs, url, fail);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.agent) await (await this.agent).close();
  }

  /** Literal IPs never reach the DNS lookup, so they are judged here; names are judged before and after resolution. */
  private checkHost(url: URL, fail: (code: FetchErrorCode, problem: string) => FetchError) {
    const host = url.hostname
      .replace(/^\[|\]$/g, '')
      .replace(/\.+$/, '')
      .toLowerCase();
    if (net.isIP(host)) {
      const why = this.policy.refuseAddress(host);
      if (why) throw fail('ADDRESS_NOT_ALLOWED', `points at ${host}, ${why}; ${PRIVATE_HINT}`);
      return;
    }
    const why = this.policy.refuseHostname(host);
    if (why) throw fail('ADDRESS_NOT_ALLOWED', `names ${host}, ${why}; ${PRIVATE_HINT}`);
  }

  private toFetchError(err: unknown, signal: AbortSignal, timeoutMs: number, url: URL, fail: (code: FetchErrorCode, problem: string, cause?: unknown) => FetchError) {
    if (err instanceof FetchError) return err;
    if (signal.aborted) return fail('TIMEOUT', `did not finish within ${timeoutMs} ms`, err);
    if (err instanceof AddressRefusal) return fail('ADDRESS_NOT_ALLOWED', `${err.message}; ${PRIVATE_HINT}`, err);
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && DNS_ERROR_CODES.has(code)) {
      return fail('DNS_FAILED', `could not be resolved: no address found for ${url.hostname} (${code})`, err);
    }
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return fail('TIMEOUT', 'did not accept a connection in time', err);
    return fail('CONNECTION_FAILED', `could not be fetched: ${err instanceof Error ? err.message : String(err)}`, err);
  }

  private undiciAgent(): Promise<Agent> {
    this.agent ??= import('undici').then(async ({ Agent, buildConnector }) => {
      const agent = new Agent({ connect: this.guardedConnector(buildConnector) });
      // A fetch after close() fails as it did when the agent was made up front: on a closed agent.
      if (this.closed) await agent.close();
      return agent;
    });
    return this.agent;
  }

  private guardedConnector(build: typeof buildConnector): buildConnector.connector {
    const { policy, resolve } = this;
    const lookup: net.LookupFunction = (hostname, options, callback) => {
      resolve(hostname).then(
        (found) => {
          const family = options.family === 4 || options.family === 6 ? options.family : 0;
          const usable = family ? found.filter((a) => a.family === family) : found;
          if (usable.length === 0) {
            callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
            return;
          }
          // Refuse the name if any of its addresses is refused: which one the socket would pick is not ours to choose.
          for (const a of usable) {
            const why = policy.refuseAddress(a.address);
            if (why) return callback(new AddressRefusal(a.address, why, 'resolves to'), '');
          }
          if (options.all) callback(null, usable);
          else callback(null, usable[0]!.address, usable[0]!.family);
        },
        (err: NodeJS.ErrnoException) => callback(err, ''),
      );
    };
    const base = build({ lookup, timeout: this.timeoutMs });
    // Belt and braces: judge the peer the socket actually reached, whatever path led there.
    return (options, callback) =>
      base(options, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('connect failed'), null);
        const remote = socket.remoteAddress ?? '';
        const why = remote ? policy.refuseAddress(remote) : 'an unknown address';
        if (why) {
          socket.destroy();
          return callback(new AddressRefusal(remote || 'an unknown peer', why, 'connected to'), null);
        }
        callback(null, socket);
      });
  }
}

function parseUrl(raw: string, original: string, what: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    const problem = base ? `${what} "${shown(raw)}", which is not a valid URL` : `"${shown(raw)}" is not a valid absolute URL`;
    throw new FetchError('INVALID_URL', problem, original);
  }
  const label = base ? `${what} ${shown(url.href)}, which` : shown(url.href);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('SCHEME_NOT_ALLOWED', `${label} uses ${url.protocol.slice(0, -1)}; only http and https URLs can be fetched`, original);
  }
  // Credentials in a user-supplied URL would be stored and echoed back with it, and forwarded on redirects.
  if (url.username || url.password) {
    throw new FetchError('INVALID_URL', `${label} contains a user name or password; URLs with credentials are not accepted`, original);
  }
  return url;
}

/** A URL fit for a message: credentials masked, length capped. */
function shown(raw: string): string {
  let text = raw;
  try {
    const u = new URL(raw);
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
      text = u.href;
    }
  } catch {
    // Not a URL; show it as given.
  }
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, tooLarge: () => FetchError): Promise<Buffer> {
  const read = await readUpTo(body, maxBytes);
  if (read.truncated) throw tooLarge();
  return read.body;
}

/** Reads at most maxBytes of a body and drops the rest unread, so a huge or endless answer costs no more than the cap. */
async function readUpTo(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (total + buf.length > maxBytes) {
      chunks.push(buf.subarray(0, maxBytes - total));
      discard(body);
      return { body: Buffer.concat(chunks, maxBytes), truncated: true };
    }
    total += buf.length;
    chunks.push(buf);
  }
  return { body: Buffer.concat(chunks, total), truncated: false };
}

/** Drops a body we will not read; undici then reports "Request aborted" on it, which is expected, not a failure. */
function discard(body: Dispatcher.ResponseData['body']) {
  body.on('error', () => {});
  body.destroy();
}

type RawHeaders = Dispatcher.ResponseData['headers'];

function header(headers: RawHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function flatten(headers: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const [value, unit] = n < 1024 * 1024 ? [n / 1024, 'KiB'] : [n / (1024 * 1024), 'MiB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive whole number, got ${n}`);
  return n;
}
