import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';

/** The ClickSend envelope that wraps every response, errors included (conventions.md §3). */
export interface Envelope<T> {
  http_code: number;
  response_code: string;
  response_msg: string;
  data: T;
}

/** The one place an envelope is built: successes, errors, the raw-socket answer and /healthz all use it. */
export function envelope<T = null>(httpCode: number, responseCode: string, message: string, data: T = null as T): Envelope<T> {
  return { http_code: httpCode, response_code: responseCode, response_msg: message, data };
}

export function ok<T>(data: T, message: string): Envelope<T> {
  return envelope(200, 'SUCCESS', message, data);
}

/** Sends an envelope as the reply, with the status it names. */
export function sendEnvelope(reply: FastifyReply, httpCode: number, responseCode: string, message: string, data: unknown = null) {
  return reply
    .code(httpCode)
    .type('application/json; charset=utf-8')
    .send(envelope(httpCode, responseCode, message, data));
}

/** OpenAPI/response schema of an envelope around `data`. */
export function EnvelopeOf<T extends TSchema>(data: T, description?: string) {
  return Type.Object(
    {
      http_code: Type.Integer(),
      response_code: Type.String(),
      response_msg: Type.String(),
      data,
    },
    description ? { description } : {},
  );
}

export const ErrorEnvelope = Type.Object(
  {
    http_code: Type.Integer(),
    response_code: Type.String(),
    response_msg: Type.String(),
    data: Type.Unknown(),
  },
  { description: 'Every failure leaves in the ClickSend envelope.' },
);
