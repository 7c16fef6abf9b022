import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { ApiError } from '../../core/errors/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import type { Config } from '../../config/index.js';
import type { ProductUsageQuery } from '../ledger/index.js';
import {
  AccountRecord,
  ActivationTokenParams,
  ForgotPasswordBody,
  ForgotPasswordVerifyBody,
  ForgotUsernameBody,
  NewAccountBody,
  UpdateAccountBody,
  UsageParams,
  UsageRecord,
  VerifyResult,
  VerifySendBody,
} from './accounts.schemas.js';
import { presentAccount } from './accounts.presenter.js';
import type { AccountsService } from './accounts.service.js';
import { monthlyUsage } from './accounts.usage.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend answers the forgot-* endpoints with an empty array in `data`.
const EmptyList = Type.Array(Type.Never());

export function accountsRoutes(app: App, deps: { config: Pick<Config, 'signup'>; accounts: AccountsService; productUsage: ProductUsageQuery }) {
  const { accounts } = deps;
  const tags = ['Account'];

  app.get('/account', { schema: { operationId: 'account.get', tags, summary: 'Get account', response: { 200: EnvelopeOf(AccountRecord), ...errors } } }, async (req) =>
    ok(await accounts.getAccount(authOf(req)), "Here's your account"),
  );

  app.post(
    '/account',
    {
      config: { auth: 'public' },
      schema: {
        operationId: 'account.create',
        tags,
        summary: 'Create a new account (public while SIGNUP=open)',
        security: [],
        body: NewAccountBody,
        response: { 200: EnvelopeOf(AccountRecord), ...errors },
      },
    },
    async (req) => {
      if (deps.config.signup !== 'open') throw ApiError.forbidden('Sign-up is closed on this server; ask its operator for an account.');
      const { account, sub, apiKey } = await accounts.signUp(req.body, req.ip);
      return ok(presentAccount(account, sub, apiKey), 'Successfully created an account.');
    },
  );

  app.put(
    '/account',
    {
      config: { access: 'settings' },
      schema: { operationId: 'account.update', tags, summary: 'Update account', body: UpdateAccountBody, response: { 200: EnvelopeOf(AccountRecord), ...errors } },
    },
    async (req) => ok(await accounts.updateAccount(authOf(req), req.body), 'Your account has been updated.'),
  );

  app.put(
    '/account-verify/send',
    { schema: { operationId: 'account.verify.send', tags, summary: 'Send account activation token', body: VerifySendBody, response: { 200: EnvelopeOf(VerifyResult), ...errors } } },
    async (req) => ok(await accounts.recovery.sendVerification(authOf(req), req.body, req.ip), 'Verification sent.'),
  );

  app.put(
    '/account-verify/verify/:activation_token',
    { schema: { operationId: 'account.verify.verify', tags, summary: 'Verify new account', params: ActivationTokenParams, response: { 200: EnvelopeOf(AccountRecord), ...errors } } },
    // ClickSend's success message has the typo "You're"; copied because clients may match on it.
    async (req) => {
      await accounts.recovery.verify(authOf(req), req.params.activation_token, req.ip);
      return ok(await accounts.getAccount(authOf(req)), "You're account has been verified.");
    },
  );

  const usageSchema = {
    operationId: 'account.usage',
    tags,
    summary: 'Account usage by subaccount for one month',
    params: UsageParams,
    response: { 200: EnvelopeOf(UsageRecord), ...errors },
  };
  const usage = async (accountId: number, params: { year: number; month: number; type?: string | undefined }) => {
    const type = params.type ?? 'subaccount';
    // The docs template the last segment as {type} (subaccount or email); both give the per-subaccount report.
    if (type !== 'subaccount' && type !== 'email') throw ApiError.badRequest(`type must be subaccount or email, got "${type}".`);
    return ok(await monthlyUsage(deps.productUsage, accounts.repo, accountId, params.year, params.month), 'Here is your usage for this month.');
  };
  app.get('/account/usage/:year/:month/subaccount', { config: { access: 'reporting' }, schema: usageSchema }, (req) => usage(authOf(req).accountId, req.params));
  app.get('/account/usage/:year/:month/:type', { config: { access: 'reporting' }, schema: { ...usageSchema, operationId: 'account.usage.type', hide: true } }, (req) =>
    usage(authOf(req).accountId, req.params),
  );

  const forgotTags = ['Forgot Account'];
  app.put(
    '/forgot-password',
    {
      config: { auth: 'public' },
      schema: { operationId: 'forgot.password', tags: forgotTags, summary: 'Forgot password', security: [], body: ForgotPasswordBody, response: { 200: EnvelopeOf(EmptyList), ...errors } },
    },
    async (req) => {
      await accounts.recovery.forgotPassword(req.body.username, req.ip, req.log);
      return ok([], 'An email notification has been sent.');
    },
  );
  app.put(
    '/forgot-password/verify',
    {
      config: { auth: 'public' },
      schema: {
        operationId: 'forgot.password.verify',
        tags: forgotTags,
        summary: 'Verify forgot password',
        security: [],
        body: ForgotPasswordVerifyBody,
        response: { 200: EnvelopeOf(EmptyList), ...errors },
      },
    },
    async (req) => {
      await accounts.recovery.verifyForgotPassword(req.body, req.ip);
      return ok([], 'Your password has been updated.');
    },
  );
  app.put(
    '/forgot-username',
    {
      config: { auth: 'public' },
      schema: { operationId: 'forgot.username', tags: forgotTags, summary: 'Forgot username', security: [], body: ForgotUsernameBody, response: { 200: EnvelopeOf(EmptyList), ...errors } },
    },
    async (req) => {
      await accounts.recovery.forgotUsername(req.body, req.ip, req.log);
      return ok([], 'An email notification has been sent.');
    },
  );
}
