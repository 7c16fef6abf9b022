import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery, PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { searchQueryProperties } from '../../core/search/index.js';
import type { Config } from '../../config/index.js';
import { AddressIdParams, EmailSmsAddressBody, EmailSmsAddressRecord, EmailSmsAddressUpdate, RuleIdParams, StrippedStringBody, StrippedStringRecord } from './email-sms.schemas.js';
import { ADDRESS_SEARCH, STRIPPED_STRING_SEARCH } from './email-sms.search.js';
import type { EmailSmsService } from './email-sms.service.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend answers an address delete with an empty array in `data` (conventions §3).
const EmptyList = Type.Array(Type.Never());

export function emailSmsRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; emailSms: EmailSmsService }) {
  const svc = deps.emailSms;
  const config = { access: 'sms' as const };
  const tags = ['Email-to-SMS Allowed Address'];
  const addressList = Type.Object({ ...PageQuery.properties, ...searchQueryProperties(ADDRESS_SEARCH) });

  app.get(
    '/sms/email-sms',
    {
      config,
      schema: {
        operationId: 'sms.emailSms.list',
        tags,
        summary: 'List of Email-to-SMS Allowed Address',
        querystring: addressList,
        response: { 200: EnvelopeOf(PaginatedOf(EmailSmsAddressRecord)), ...errors },
      },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await svc.listAddresses(authOf(req), page, req.query);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are some data.');
    },
  );
  app.post(
    '/sms/email-sms',
    {
      config,
      schema: { operationId: 'sms.emailSms.create', tags, summary: 'Create Email to SMS Allowed Address', body: EmailSmsAddressBody, response: { 200: EnvelopeOf(EmailSmsAddressRecord), ...errors } },
    },
    async (req) => ok(await svc.createAddress(authOf(req), req.body), 'New data has been saved.'),
  );
  app.get(
    '/sms/email-sms/:email_address_id',
    {
      config,
      schema: { operationId: 'sms.emailSms.get', tags, summary: 'Get specific Email-to-SMS Allowed Address', params: AddressIdParams, response: { 200: EnvelopeOf(EmailSmsAddressRecord), ...errors } },
    },
    async (req) => ok(await svc.getAddress(authOf(req), req.params.email_address_id), 'Here are some data.'),
  );
  app.put(
    '/sms/email-sms/:email_address_id',
    {
      config,
      schema: {
        operationId: 'sms.emailSms.update',
        tags,
        summary: 'Update Email-to-SMS Allowed Address',
        params: AddressIdParams,
        body: EmailSmsAddressUpdate,
        response: { 200: EnvelopeOf(EmailSmsAddressRecord), ...errors },
      },
    },
    async (req) => ok(await svc.updateAddress(authOf(req), req.params.email_address_id, req.body), 'Your data has been updated.'),
  );
  app.delete(
    '/sms/email-sms/:email_address_id',
    { config, schema: { operationId: 'sms.emailSms.delete', tags, summary: 'Delete Email-to-SMS Allowed Address', params: AddressIdParams, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      await svc.removeAddress(authOf(req), req.params.email_address_id);
      return ok([], 'Allowed email address was deleted.');
    },
  );

  const stripTags = ['Email-to-SMS Stripped Strings'];
  const stripList = Type.Object({ ...PageQuery.properties, ...searchQueryProperties(STRIPPED_STRING_SEARCH) });
  app.get(
    '/sms/email-sms-stripped-strings',
    {
      config,
      schema: {
        operationId: 'sms.emailSms.strippedStrings.list',
        tags: stripTags,
        summary: 'List Stripped Strings',
        querystring: stripList,
        response: { 200: EnvelopeOf(PaginatedOf(StrippedStringRecord)), ...errors },
      },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await svc.listStrings(authOf(req), page, req.query);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here is your result.');
    },
  );
  app.post(
    '/sms/email-sms-stripped-strings',
    {
      config,
      schema: {
        operationId: 'sms.emailSms.strippedStrings.create',
        tags: stripTags,
        summary: 'Create Stripped String',
        body: StrippedStringBody,
        response: { 200: EnvelopeOf(StrippedStringRecord), ...errors },
      },
    },
    async (req) => ok(await svc.createString(authOf(req), req.body.strip_string), 'Strip string has been created.'),
  );
  app.get(
    '/sms/email-sms-stripped-strings/:rule_id',
    {
      config,
      schema: {
        operationId: 'sms.emailSms.strippedStrings.get',
        tags: stripTags,
        summary: 'Find Specific Stripped String',
        params: RuleIdParams,
        response: { 200: EnvelopeOf(StrippedStringRecord), ...errors },
      },
    },
    async (req) => ok(await svc.getString(authOf(req), req.params.rule_id), 'Here is your result.'),
  );
  app.put(
    '/sms/email-sms-stripped-strings/:rule_id',
    {
      config,
      schema: {
        operationId: 'sms.emailSms.strippedStrings.update',
        tags: stripTags,
        summary: 'Update Stripped String',
        params: RuleIdParams,
        body: StrippedStringBody,
        response: { 200: EnvelopeOf(StrippedStringRecord), ...errors },
      },
    },
    async (req) => ok(await svc.updateString(authOf(req), req.params.rule_id, req.body.strip_string), 'Strip string has been updated.'),
  );
  app.delete(
    '/sms/email-sms-stripped-strings/:rule_id',
    // ClickSend answers a stripped-string delete with `true` in `data` (unlike the address delete's []).
    {
      config,
      schema: {
        operationId: 'sms.emailSms.strippedStrings.delete',
        tags: stripTags,
        summary: 'Delete Stripped String',
        params: RuleIdParams,
        response: { 200: EnvelopeOf(Type.Boolean()), ...errors },
      },
    },
    async (req) => {
      await svc.removeString(authOf(req), req.params.rule_id);
      return ok(true, 'Strip string has been deleted.');
    },
  );
}
