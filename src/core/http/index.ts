export { ok, envelope, sendEnvelope, EnvelopeOf, ErrorEnvelope, type Envelope } from './envelope.js';
export { installErrorHandling, renderClientError, renderFrameworkError } from './error-handler.js';
export { installOpenApi } from './openapi.js';
export { validationMessage } from './validation-message.js';
export type { App } from './types.js';
export { installInputGuard } from './input-guard.js';
export { installBodyLimits, PUBLIC_BODY_LIMIT, DEFAULT_BODY_LIMIT } from './body-limits.js';
export { jsonShapeProblem, JSON_SHAPE_LIMITS } from './json-scan.js';
export { redactUrl, serializeRequest } from './request-log.js';
