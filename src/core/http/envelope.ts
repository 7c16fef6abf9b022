import { Type, type TSchema } from '@sinclair/typebox';

/** The ClickSend envelope that wraps every response, errors included (conventions.md §3). */
export interface Envelope<T> {
  http_code: number;
  response_code: string;
  response_msg: string;
  data: T;
}

export function ok<T>(data: T, message: string): Envelope<T> {
  return { http_code: 200, response_code: 'SUCCESS', response_msg: message, data };
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
