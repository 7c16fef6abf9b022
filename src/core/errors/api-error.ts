import { RESPONSE_CODES, type ResponseCode } from './catalogue.js';

/** The one error type services throw; the error handler renders it in the ClickSend envelope. */
export class ApiError extends Error {
  readonly httpCode: number;
  constructor(
    readonly responseCode: ResponseCode,
    message: string,
    readonly data: unknown = null,
  ) {
    super(message);
    this.httpCode = RESPONSE_CODES[responseCode];
  }

  static badRequest(message: string, data?: unknown) {
    return new ApiError('BAD_REQUEST', message, data);
  }
  static notFound(message: string) {
    return new ApiError('NOT_FOUND', message);
  }
  static forbidden(message: string) {
    return new ApiError('FORBIDDEN', message);
  }
  static unauthorized(message = 'Invalid username or API key.') {
    return new ApiError('UNAUTHORIZED', message);
  }
}
