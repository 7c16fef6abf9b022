export * from './types.js';
export { installAuth, authOf, parseBasicAuth, type AuthOptions } from './plugin.js';
export { hashApiKey, apiKeyMatches, maskApiKey, hashPassword, passwordMatches, hashToken, newSecretToken, digestsEqual } from './secrets.js';
export { FailureLimiter } from './failure-limiter.js';
export { accountNotActivated } from './activation.js';
export { actingAs } from './acting.js';
