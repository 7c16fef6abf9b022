/**
 * ClickSend response codes and the HTTP status each travels with (conventions.md §4).
 * One catalogue: every failure the server can produce is named here.
 */
export const RESPONSE_CODES = {
  SUCCESS: 200,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  // ClickSend's SDK-derived references name the 405 code METHOD_NOT_FOUND (apiary text says NOT_FOUND).
  METHOD_NOT_FOUND: 405,
  // ClickSend documents no 409 (it has no idempotency keys); like PAYLOAD_TOO_LARGE and TOO_MANY_REQUESTS, the code
  // is the HTTP reason phrase in upper snake case, so a client that maps http_code to response_code sees the usual name.
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  // Application codes that ClickSend also uses as top-level response_code on a failed call.
  INVALID_CREDENTIALS: 401,
  ACCOUNT_NOT_ACTIVATED: 403,
  ALREADY_EXISTS: 400,
  INSUFFICIENT_CREDIT: 400,
  MISSING_REQUIRED_FIELDS: 400,
  INVALID_RECIPIENT: 400,
  INVALID_RETURN_ADDRESS: 400,
  INVALID_SCHEDULE: 400,
  TOO_MANY_RECIPIENTS: 400,
} as const;

export type ResponseCode = keyof typeof RESPONSE_CODES;
