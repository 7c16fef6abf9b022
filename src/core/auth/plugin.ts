import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, lacksAccess, tooManyFromAddress } from '../errors/index.js';
import { FailureLimiter } from './failure-limiter.js';
import { accountNotActivated } from './activation.js';
import { apiKeyMatches, passwordMatches } from './secrets.js';
import type { AccessFlag, AuthContext, CredentialStore, RouteAuth, StoredCredential } from './types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'required' unless a route says 'public'. */
    auth?: RouteAuth;
    /** The subaccount permission a route needs (access_users, access_billing, …). */
    access?: AccessFlag;
    /** Routes that send or spend money: refused with ACCOUNT_NOT_ACTIVATED until the account is verified. */
    requiresActiveAccount?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | undefined;
  }
}

/** Reads `Authorization: Basic base64(username:secret)`; undefined when absent or unreadable. */
export function parseBasicAuth(header: string | undefined): { username: string; secret: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const username = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  // Control characters (NUL above all: PostgreSQL refuses it in text) and absurd lengths are not credentials.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded) || username.length > 200 || secret.length > 1000) return undefined;
  return { username, secret };
}

export interface AuthOptions {
  store: CredentialStore;
  failures: { max: number; windowMs: number };
}

/** The authenticated context of a request on a route that requires auth. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw ApiError.unauthorized();
  return request.auth;
}

export function installAuth(app: FastifyInstance, opts: AuthOptions) {
  const limiter = new FailureLimiter(opts.failures.max, opts.failures.windowMs);
  app.decorateRequest('auth', undefined);

  // Compared against when the username is unknown, so that path does the same work as a wrong key.
  const unknownKeyHash = '0'.repeat(64);

  async function authenticate(request: FastifyRequest): Promise<AuthContext> {
    const creds = parseBasicAuth(request.headers.authorization);
    if (!creds) {
      throw ApiError.unauthorized('Missing or malformed credentials: send HTTP Basic auth with your API username and API key.');
    }
    const stored = await opts.store.findByApiUsername(creds.username);
    // The API key (a fast hash) is the hot path and never touches the limiter: a right 128-bit key is no
    // guess, so an address that others filled with failures (a shared proxy, an attacker) does not lock it out.
    if (apiKeyMatches(creds.secret, stored?.apiKeyHash ?? unknownKeyHash) && stored) return contextOf(stored, creds.secret);
    // Everything else costs one scrypt. The attempt is checked and counted before it is awaited (and given
    // back if it succeeds), so concurrent wrong guesses cannot all pass a check none of them has recorded yet.
    const wait = limiter.reserve(request.ip);
    if (wait > 0) throw tooMany(wait);
    // ClickSend's older docs also accept the account password in place of the API key. An unknown
    // username is checked against a dummy hash: the same cost, so timing does not reveal usernames.
    const ok = await passwordMatches(creds.secret, stored?.passwordHash ?? null);
    if (!stored || !ok) throw ApiError.unauthorized('Invalid username or API key.');
    limiter.release(request.ip);
    return contextOf(stored, undefined);
  }

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // Only the ClickSend API under /v3 authenticates; /healthz, /docs and the 404/405 handler do not.
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/v3') || config.auth === 'public') return;
    const auth = await authenticate(request);
    request.auth = auth;
    // Which credential made the request, on this request's log lines (never the secret). The request's
    // logger is its own child, so this binds nothing on other requests; the no-op logger has no setBindings.
    (request.log as { setBindings?: (b: object) => void }).setBindings?.({ api_username: auth.apiUsername, subaccount_id: auth.subaccountId });
    if (config.access && !auth.access[config.access]) {
      throw lacksAccess(config.access);
    }
    if (config.requiresActiveAccount && !(await opts.store.isAccountActive(auth.accountId))) throw accountNotActivated();
  });
}

function tooMany(waitMs: number): ApiError {
  return tooManyFromAddress('failed logins', waitMs);
}

function contextOf(stored: StoredCredential, keyUsed: string | undefined): AuthContext {
  return {
    accountId: stored.accountId,
    subaccountId: stored.subaccountId,
    apiUsername: stored.apiUsername,
    isPrimary: stored.isPrimary,
    access: stored.access,
    presentedApiKey: keyUsed,
    record: stored.record,
  };
}
