import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { authOf } from '../../core/auth/index.js';
import { ApiError } from '../../core/errors/index.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, type App } from '../../core/http/index.js';
import type { ClaimRef } from './idempotency.repository.js';
import { KeyStillInProgress, type IdempotencyService } from './idempotency.service.js';

export const MAX_KEY_LENGTH = 255;
const HEADER = IDEMPOTENCY_KEY_HEADER.toLowerCase();

/** Documents the header on every opted-in route (OpenAPI); the checks with their own messages are in keyOf. */
const KeyHeaders = Type.Object({
  [HEADER]: Type.Optional(
    Type.String({
      description:
        'Beyond ClickSend: names this request so it can be retried safely. The same key with the same body within IDEMPOTENCY_TTL (24 h) answers the first answer again (header Idempotent-Replayed: true) without sending or charging again; with another body, route or subaccount it is a 409 CONFLICT. 1–255 printable ASCII characters; a UUID per request is a good key.',
    }),
  ),
});

/**
 * Gives every route marked `config: { idempotent: true }` the Idempotency-Key behaviour: a preHandler that claims the
 * key or replays its stored answer (after authentication, permissions and body validation, so a request refused
 * there never claims a key), and an onSend hook that stores the answer of the request that ran. Routes without the
 * flag pay nothing. Call before the routes are registered: onRoute hooks see only the routes added after them.
 */
export function installIdempotency(app: App, svc: IdempotencyService): void {
  // Which requests hold a key they must finish or release (the replay and the refusals hold none).
  const claims = new WeakMap<FastifyRequest, ClaimRef>();

  async function claimOrReplay(request: FastifyRequest, reply: FastifyReply) {
    const key = keyOf(request.headers[HEADER]);
    if (key === undefined) return;
    const auth = authOf(request);
    const route = `${request.method} ${request.routeOptions.url}`;
    try {
      const begun = await svc.begin({ accountId: auth.accountId, subaccountId: auth.subaccountId, key, route, fingerprint: fingerprint(request) });
      if (begun.kind === 'run') {
        claims.set(request, begun.claim);
        return;
      }
      const { answer } = begun;
      reply.code(answer.statusCode).header('content-type', answer.contentType).header(IDEMPOTENT_REPLAYED_HEADER, 'true');
      return reply.send(answer.body);
    } catch (err) {
      if (err instanceof KeyStillInProgress) reply.header('retry-after', '1');
      throw err;
    }
  }

  async function storeAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    // Envelopes are text; an answer that is not (a stream, binary) cannot be replayed byte for byte, so it is not kept.
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) && /json|text/i.test(contentType) ? payload.toString('utf8') : undefined;
    try {
      if (text !== undefined && shouldKeep(reply.statusCode)) {
        const stored = await svc.complete(claim, { statusCode: reply.statusCode, contentType, body: text });
        if (!stored) request.log.warn({ key: claim.key }, 'idempotency key was taken over before this request answered; its answer is not stored');
      } else {
        await svc.release(claim);
      }
    } catch (err) {
      // The send itself is done: answer it. The key stays pending until IDEMPOTENCY_LOCK_TIMEOUT, then a retry runs again.
      request.log.error({ err, key: claim.key }, 'could not store the idempotent answer');
    }
    return payload;
  }

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.config?.idempotent) return;
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    if (schema.headers) throw new Error(`${route.url}: an idempotent route's headers schema is the idempotency module's`);
    route.schema = { ...schema, headers: KeyHeaders };
    route.preHandler = [...asArray(route.preHandler), claimOrReplay];
    route.onSend = [...asArray(route.onSend), storeAnswer];
  });
}

/**
 * Which answers a key keeps (Stripe's rule): successes and client errors are the request's outcome, and the same
 * request would get them again, so a retry gets them from the store (a fixed request needs a new key). Server errors
 * (5xx) and a crash release the key, since ClickSend-style clients retry exactly those. 409 and 429 say "not now",
 * not "this request is wrong", and are released too.
 */
export function shouldKeep(status: number): boolean {
  return status < 500 && status !== 409 && status !== 429;
}

/** The key, checked; undefined when the header is absent. */
export function keyOf(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // Node joins a repeated unknown header with ", ": the joined text is the key, the same on every retry.
  const key = Array.isArray(raw) ? raw.join(', ') : raw;
  const rule = `${IDEMPOTENCY_KEY_HEADER} must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters (a UUID per request is a good key)`;
  if (key.length === 0) throw ApiError.badRequest(`${rule}; it is empty.`);
  if (key.length > MAX_KEY_LENGTH) throw ApiError.badRequest(`${rule}; it has ${key.length}.`);
  const bad = /[^\x20-\x7e]/.exec(key);
  if (bad) throw ApiError.badRequest(`${rule}; character ${bad.index + 1} is U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}.`);
  return key;
}

/**
 * sha256 of the canonical request: method, route, path parameters, query and body as parsed (after validation), with
 * object keys sorted. Key order and whitespace in the JSON do not make another request; any value does.
 */
export function fingerprint(request: Pick<FastifyRequest, 'method' | 'params' | 'query' | 'body'> & { routeOptions: { url?: string } }): string {
  const canonical = JSON.stringify([request.method, request.routeOptions.url ?? '', sortKeys(request.params), sortKeys(request.query), sortKeys(request.body)]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
  return out;
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
