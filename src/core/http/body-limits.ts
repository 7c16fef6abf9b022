import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/index.js';
import { jsonShapeProblem } from './json-scan.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'bulk': the route takes a large body (up to 1000 messages or recipients, or a base64 PDF for address
     * detection) and may receive BODY_LIMIT_BYTES. Unset: the small limits below.
     */
    bodySize?: 'bulk';
  }
}

/**
 * Routes anyone may call (sign-up, forgot password): their largest legitimate body is about 1 kB of fields
 * (account.create: 988 characters at every maxLength), 6 kB if every character came \u-escaped.
 */
export const PUBLIC_BODY_LIMIT = 8 * 1024;
/**
 * Every other route unless it opts in to 'bulk': the largest small body is an SMS template (5000 + 100
 * characters, 31 kB if every one is \u-escaped).
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface BodyLimitOptions {
  /** BODY_LIMIT_BYTES: the limit of routes with config.bodySize 'bulk'. */
  readonly bulkBytes: number;
}

/**
 * One rule for every route's body limit, so an anonymous caller cannot make the server read and parse
 * megabytes: routes get a limit by their kind (public, ordinary, bulk) unless they set bodyLimit
 * themselves (uploads, which sizes its own from the 10 MB file limit). Fastify refuses a body over the
 * limit from its Content-Length, or as soon as a chunked body passes it, before reading the rest.
 *
 * JSON bodies are also checked for shape (nesting depth, number of values) by a linear scan of the text
 * before JSON.parse; parsing itself stays Fastify's, with its prototype-poisoning protection (a body
 * with __proto__ or constructor.prototype is refused) and its empty-body answer for POST and PATCH.
 *
 * Call before any route is registered: onRoute hooks see only the routes added after them.
 */
export function installBodyLimits(app: FastifyInstance, opts: BodyLimitOptions): void {
  app.addHook('onRoute', (route) => {
    if (route.bodyLimit !== undefined) return;
    const config = route.config ?? {};
    route.bodyLimit = config.bodySize === 'bulk' ? opts.bulkBytes : config.auth === 'public' ? PUBLIC_BODY_LIMIT : DEFAULT_BODY_LIMIT;
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // ClickSend, and the HTTP clients its SDKs use, send PUT and DELETE with Content-Type: application/json
    // and no body at all (a delete, a PUT that only touches the resource): that is an empty object. POST keeps
    // the 400, since every POST needs a body. Whitespace alone is no body either.
    if ((body as string).trim() === '' && EMPTY_MEANS_OBJECT.has(request.method)) {
      done(null, {});
      return;
    }
    const problem = jsonShapeProblem(body as string);
    if (problem) {
      done(ApiError.badRequest(problem), undefined);
      return;
    }
    parseJson(request, body as string, (err, value) => {
      if (!err) return done(null, value);
      // Fastify's own message says only that the body is not JSON; the parser's says where (Unexpected token } in
      // JSON at position 9). A body that parses was refused for another reason (a prototype key): keep that error.
      const where = (err as { code?: string }).code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? syntaxErrorOf(body as string) : undefined;
      done(where ? ApiError.badRequest(`Malformed JSON body: ${where}.`) : err, undefined);
    });
  });
}

function syntaxErrorOf(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return e instanceof SyntaxError ? e.message.replace(/\.$/, '') : undefined;
  }
}

/** Methods whose empty JSON body is read as {} (see the JSON parser above). */
const EMPTY_MEANS_OBJECT: ReadonlySet<string> = new Set(['PUT', 'DELETE']);

/** "8 KiB (8192 bytes)": a limit as the 413 answer names it. */
export function describeBytes(bytes: number): string {
  const unit = bytes >= 1024 * 1024 ? { size: 1024 * 1024, name: 'MiB' } : { size: 1024, name: 'KiB' };
  const amount = Number((bytes / unit.size).toFixed(1));
  return `${amount} ${unit.name} (${bytes} bytes)`;
}
