import { ApiError } from '../errors/index.js';

/**
 * The one refusal for an account that is not activated yet, on every route that sends or spends
 * (route config `requiresActiveAccount: true`). ClickSend answers such sends with ACCOUNT_NOT_ACTIVATED.
 */
export function accountNotActivated(): ApiError {
  return new ApiError('ACCOUNT_NOT_ACTIVATED', 'This account is not activated yet; verify it (PUT /account-verify/verify/{activation_token}) before sending.');
}
