import { ApiError } from './api-error.js';

/*
 * Named errors for the messages that repeat across modules, so every site says the same words and tests can
 * assert against the same functions instead of copies of the text. The wording is what clients see today:
 * change it only on purpose (tests assert response_msg).
 */

/** The caller's account row is gone (deleted between authentication and the call). */
export const ACCOUNT_NOT_FOUND = 'Account not found.';
export const accountNotFound = () => ApiError.notFound(ACCOUNT_NOT_FOUND);

/** "Return address #7 not found.": a numbered resource the caller does not own, or that does not exist. */
export const notFoundMessage = (noun: string, id: number | string) => `${noun} #${id} not found.`;
export const notFoundById = (noun: string, id: number | string) => ApiError.notFound(notFoundMessage(noun, id));

/** A unique name someone else holds: `username "bob" is already taken.` */
export const alreadyTaken = (field: string, value: string) => new ApiError('ALREADY_EXISTS', `${field} "${value}" is already taken.`);

export const PASSWORD_TOO_SHORT = 'password must be at least 8 characters.';
export const passwordTooShort = () => ApiError.badRequest(PASSWORD_TOO_SHORT);

/** The rule for usernames and api_usernames (see isUsername in the accounts module). */
export const badUsername = (field: string) => ApiError.badRequest(`${field} must be 3–100 characters of letters, digits and . _ @ + -.`);

/** `country must be an ISO 3166-1 alpha-2 code such as AU, got "XX".`; `examples` is the "such as" part, if any. */
export const countryCodeMessage = (field: string, got: string, examples?: string) => `${field} must be an ISO 3166-1 alpha-2 code${examples ? ` such as ${examples}` : ''}, got "${got}".`;
export const badCountryCode = (field: string, got: string, examples?: string) => ApiError.badRequest(countryCodeMessage(field, got, examples));

export const badEmail = (field: string, got: string) => ApiError.badRequest(`${field} is not an email address: "${got}".`);

export const badHttpUrl = (field: string, got: string) => ApiError.badRequest(`${field} must be an http(s) URL, got "${got}".`);

/** A route needs an access_* permission the calling subaccount lacks. */
export const lacksAccess = (flag: string) => ApiError.forbidden(`This subaccount does not have access_${flag}; ask the account owner to grant it.`);

/** A per-address limit was hit: `Too many sign-ups from this address; try again in 12 s.` */
export const tooManyFromAddress = (what: string, waitMs: number) => new ApiError('TOO_MANY_REQUESTS', `Too many ${what} from this address; try again in ${Math.ceil(waitMs / 1000)} s.`);

/** Fastify's FST_ERR_CTP_EMPTY_JSON_BODY, reworded (POST only: PUT and DELETE read an empty body as {}). */
export const EMPTY_JSON_BODY = "Request body is empty but Content-Type is 'application/json'; send a JSON object or omit the header.";
