import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error.js';
import { accountNotFound, alreadyTaken, badCountryCode, lacksAccess, notFoundById, passwordTooShort, tooManyFromAddress } from './factories.js';

describe('named errors', () => {
  it('carry the wording and the code clients already see', () => {
    const cases: Array<[ApiError, number, string, string]> = [
      [accountNotFound(), 404, 'NOT_FOUND', 'Account not found.'],
      [notFoundById('Return address', 7), 404, 'NOT_FOUND', 'Return address #7 not found.'],
      [alreadyTaken('username', 'bob'), 400, 'ALREADY_EXISTS', 'username "bob" is already taken.'],
      [passwordTooShort(), 400, 'BAD_REQUEST', 'password must be at least 8 characters.'],
      [badCountryCode('country', 'XX', 'AU or US'), 400, 'BAD_REQUEST', 'country must be an ISO 3166-1 alpha-2 code such as AU or US, got "XX".'],
      [badCountryCode('country', 'XX'), 400, 'BAD_REQUEST', 'country must be an ISO 3166-1 alpha-2 code, got "XX".'],
      [lacksAccess('sms'), 403, 'FORBIDDEN', 'This subaccount does not have access_sms; ask the account owner to grant it.'],
      [tooManyFromAddress('sign-ups', 1001), 429, 'TOO_MANY_REQUESTS', 'Too many sign-ups from this address; try again in 2 s.'],
    ];
    for (const [err, status, code, message] of cases) {
      assert.ok(err instanceof ApiError);
      assert.deepEqual([err.httpCode, err.responseCode, err.message], [status, code, message]);
    }
  });
});
