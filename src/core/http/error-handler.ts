import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import { ApiError, EMPTY_JSON_BODY } from '../errors/index.js';
import type { ResponseCode } from '../errors/catalogue.js';
import { validationMessage } from './validation-message.js';
import { describeBytes } from './body-limits.js';
import { envelope, sendEnvelope } from './envelope.js';

const send = sendEnvelope;

const STATUS_CODES: Record<number, ResponseCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** Fastify's own parser errors, reworded so a user knows what to fix. */
function frameworkMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return `Malformed JSON body: ${err.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'\.?\s*/i, '')}`.trim();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return EMPTY_JSON_BODY;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is larger than this server accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `Unsupported Content-Type; send application/json.`;
    default:
      return err.message;
  }
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers over 16 KiB, a malformed
 * request line): answered on the raw socket, still in the envelope, then the connection is closed.
 */
export function renderClientError(err: NodeJS.ErrnoException, socket: import('node:net').Socket) {
  if (!socket.writable) return socket.destroy();
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    envelope(status, tooLarge ? 'REQUEST_HEADER_FIELDS_TOO_LARGE' : 'BAD_REQUEST', tooLarge ? 'Request headers are larger than this server accepts (16 KiB).' : 'Malformed HTTP request.'),
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Errors Fastify raises before routing (a URL that does not decode, a path parameter over the length
 * limit): given to Fastify's `frameworkErrors` option so they too leave in the envelope.
 */
export function renderFrameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_BAD_URL') return send(reply, 400, 'BAD_REQUEST', 'The request path is not a valid URL: it contains a malformed %-escape.');
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  return send(reply, status, STATUS_CODES[status] ?? 'BAD_REQUEST', frameworkMessage(err));
}

/**
 * One renderer for every failure: ApiError, validation, parser errors, 404 and 405 all leave in the
 * ClickSend envelope, so a client SDK never meets another shape.
 */
export function installErrorHandling(app: FastifyInstance) {
  // A shadow router of every registered path lets the not-found handler tell 404 from 405.
  const shadow = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (m === 'HEAD') continue;
      try {
        shadow.on(m as 'GET', route.url, () => undefined);
      } catch {
        // Already registered (fastify adds HEAD twins and trailing-slash variants).
      }
    }
  });

  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ApiError) return send(reply, err.httpCode, err.responseCode, err.message, err.data);
    if (err.validation) {
      return send(reply, 400, 'BAD_REQUEST', validationMessage(err.validation, err.validationContext ?? 'request'));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Named, so a caller knows how far to cut: each route has its own limit (see body-limits.ts).
      return send(reply, 413, 'PAYLOAD_TOO_LARGE', `Request body is larger than the ${describeBytes(request.routeOptions.bodyLimit)} this endpoint accepts.`);
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = STATUS_CODES[status] ?? 'BAD_REQUEST';
      return send(reply, status, code, frameworkMessage(err));
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on our side; the error has been logged.');
  });

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const allowed = (['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const).filter((m) => shadow.find(m, url));
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return send(reply, 405, 'METHOD_NOT_FOUND', `Method ${request.method} is not allowed on ${url}; use ${allowed.join(' or ')}.`);
    }
    return send(reply, 404, 'NOT_FOUND', `No such endpoint: ${request.method} ${url}.`);
  });
}
