import { Type } from '@sinclair/typebox';
import type { Config } from '../../config/index.js';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { EmailAddressBody, EmailAddressIdParams, EmailAddressRecord, VerifyParams } from './email-addresses.schemas.js';
import type { EmailAddressesService } from './email-addresses.service.js';

const errors = { '4xx': ErrorEnvelope };

export function emailAddressesRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; emailAddresses: EmailAddressesService }) {
  const addresses = deps.emailAddresses;
  const tags = ['Email Marketing'];
  const config = { access: 'email' as const };

  app.get(
    '/email/addresses',
    {
      config,
      schema: {
        operationId: 'email.addresses.list',
        tags,
        summary: 'Get all allowed email addresses',
        querystring: PageQuery,
        response: { 200: EnvelopeOf(PaginatedOf(EmailAddressRecord)), ...errors },
      },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await addresses.list(authOf(req), page);
      // ClickSend's message has no full stop here (its other messages have one).
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your email addresses');
    },
  );

  app.post(
    '/email/addresses',
    {
      config,
      schema: { operationId: 'email.addresses.create', tags, summary: 'Create an allowed email address', body: EmailAddressBody, response: { 200: EnvelopeOf(EmailAddressRecord), ...errors } },
    },
    async (req) => ok(await addresses.create(authOf(req), req.body), 'Email address has been created.'),
  );

  app.get(
    '/email/addresses/:email_address_id',
    {
      config,
      schema: { operationId: 'email.addresses.get', tags, summary: 'Get a specific allowed email address', params: EmailAddressIdParams, response: { 200: EnvelopeOf(EmailAddressRecord), ...errors } },
    },
    async (req) => ok(await addresses.get(authOf(req), req.params.email_address_id), 'Here is your email address.'),
  );

  app.delete(
    '/email/addresses/:email_address_id',
    {
      config,
      schema: { operationId: 'email.addresses.delete', tags, summary: 'Delete an allowed email address', params: EmailAddressIdParams, response: { 200: EnvelopeOf(Type.Null()), ...errors } },
    },
    async (req) => {
      await addresses.remove(authOf(req), req.params.email_address_id);
      return ok(null, 'Email address deleted.');
    },
  );

  app.put(
    '/email/address-verify/:email_address_id/send',
    {
      config,
      schema: {
        operationId: 'email.addresses.verify.send',
        tags,
        summary: 'Send a verification token to the address',
        params: EmailAddressIdParams,
        response: { 200: EnvelopeOf(Type.Null()), ...errors },
      },
    },
    async (req) => {
      await addresses.sendToken(authOf(req), req.params.email_address_id, req.ip);
      return ok(null, 'Verification email has been sent.');
    },
  );

  app.put(
    '/email/address-verify/:email_address_id/verify/:activation_token',
    { config, schema: { operationId: 'email.addresses.verify', tags, summary: 'Verify an allowed email address', params: VerifyParams, response: { 200: EnvelopeOf(EmailAddressRecord), ...errors } } },
    async (req) => ok(await addresses.verify(authOf(req), req.params.email_address_id, req.params.activation_token, req.ip), 'Email address verified.'),
  );
}
