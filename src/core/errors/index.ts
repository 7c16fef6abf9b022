export { ApiError } from './api-error.js';
export { RESPONSE_CODES, type ResponseCode } from './catalogue.js';
