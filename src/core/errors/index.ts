export { ApiError } from './api-error.js';
export { RESPONSE_CODES, type ResponseCode } from './catalogue.js';
export {
  ACCOUNT_NOT_FOUND,
  accountNotFound,
  notFoundMessage,
  notFoundById,
  alreadyTaken,
  PASSWORD_TOO_SHORT,
  passwordTooShort,
  badUsername,
  countryCodeMessage,
  badCountryCode,
  badEmail,
  badHttpUrl,
  lacksAccess,
  tooManyFromAddress,
  EMPTY_JSON_BODY,
} from './factories.js';
