import type { FastifyRequest } from 'fastify';

/**
 * Path segments that are secrets in themselves: an activation code, and the unguessable name that is the only
 * protection of a file URL. Request logs (LOG_LEVEL=debug) show them as [redacted].
 */
const SECRET_SEGMENTS: readonly RegExp[] = [/(\/account-verify\/verify\/)[^/?#]+/i, /(\/files\/)[^?#]+/i];

export function redactUrl(url: string): string {
  return SECRET_SEGMENTS.reduce((u, re) => u.replace(re, '$1[redacted]'), url);
}

/** Fastify's default request serializer, with the URL redacted. */
export function serializeRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
