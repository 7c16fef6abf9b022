export * from './types.js';
export { installAuth, authOf, parseBasicAuth, type AuthOptions } from './plugin.js';
export { hashApiKey, apiKeyMatches, maskApiKey, hashPassword, passwordMatches, hashToken } from './secrets.js';
