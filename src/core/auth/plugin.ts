import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/index.js';
import { FailureLimiter } from './failure-limiter.js';
import { apiKeyMatches, passwordMatches } from './secrets.js';
import type { AccessFlag, AuthContext, CredentialStore, RouteAuth } from './types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'required' unless a route says 'public'. */
    auth?: RouteAuth;
    /** The subaccount permission a route needs (access_users, access_billing, …). */
    access?: AccessFlag;
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

  async function authenticate(request: FastifyRequest): Promise<AuthContext> {
    const blocked = limiter.blockedFor(request.ip);
    if (blocked > 0) {
      throw new ApiError('TOO_MANY_REQUESTS', `Too many failed logins from this address; try again in ${Math.ceil(blocked / 1000)} s.`);
    }
    const creds = parseBasicAuth(request.headers.authorization);
    if (!creds) {
      throw ApiError.unauthorized('Missing or malformed credentials: send HTTP Basic auth with your API username and API key.');
    }
    const stored = await opts.store.findByApiUsername(creds.username);
    let keyUsed: string | undefined;
    let ok = false;
    if (stored) {
      if (apiKeyMatches(creds.secret, stored.apiKeyHash)) {
        ok = true;
        keyUsed = creds.secret;
      } else {
        // ClickSend's older docs also accept the account password in place of the API key.
        ok = await passwordMatches(creds.secret, stored.passwordHash);
      }
    }
    if (!stored || !ok) {
      limiter.recordFailure(request.ip);
      throw ApiError.unauthorized('Invalid username or API key.');
    }
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

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // Only the ClickSend API under /v3 authenticates; /healthz, /docs and the 404/405 handler do not.
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/v3') || config.auth === 'public') return;
    const auth = await authenticate(request);
    request.auth = auth;
    if (config.access && !auth.access[config.access]) {
      throw ApiError.forbidden(`This subaccount does not have access_${config.access}; ask the account owner to grant it.`);
    }
  });
}
