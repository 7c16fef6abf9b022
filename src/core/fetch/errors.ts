import { ApiError } from '../errors/index.js';

export type FetchErrorCode = 'INVALID_URL' | 'SCHEME_NOT_ALLOWED' | 'ADDRESS_NOT_ALLOWED' | 'DNS_FAILED' | 'TIMEOUT' | 'TOO_LARGE' | 'TOO_MANY_REDIRECTS' | 'HTTP_STATUS' | 'CONNECTION_FAILED';

/**
 * Why a user-supplied URL could not be fetched. The message names the URL and the problem in words a user can
 * act on, without a trailing full stop, so callers can embed it in a sentence.
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    /** The URL the caller passed in (credentials removed). */
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A 400 envelope that names the request field whose URL failed: "file_urls[0] could not be fetched: …". */
export function fetchErrorToApiError(err: FetchError, fieldName: string): ApiError {
  return ApiError.badRequest(`${fieldName} could not be fetched: ${err.message}.`);
}
