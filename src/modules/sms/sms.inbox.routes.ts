import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import type { Config } from '../../config/index.js';
import { DateBeforeBody, InboundQuery, InboundRecord, MessageIdParams, OutboundIdParams, ReceiptListItem, ReceiptRecord, ReceiptsQuery, TestInboundBody, TestReceipt, UrlBody } from './sms.schemas.js';
import type { SmsServices } from './sms.services.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend answers the mark-read calls with an empty array in `data`.
const EmptyList = Type.Array(Type.Never());

/** Delivery receipts and inbound SMS (pull mode). Subaccounts need access_sms. */
export function smsInboxRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; sms: SmsServices }) {
  const { receipts, inbound } = deps.sms;
  const config = { access: 'sms' as const };
  const tags = ['SMS'];
  const links = (url: string) => pageUrlBuilder(deps.config.publicUrl, url);

  app.get(
    '/sms/receipts',
    {
      config,
      schema: { operationId: 'sms.receipts.list', tags, summary: 'Unread delivery receipts', querystring: ReceiptsQuery, response: { 200: EnvelopeOf(PaginatedOf(ReceiptListItem)), ...errors } },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await receipts.list(authOf(req), req.query, page);
      return ok(paginate(items, total, page, links(req.url)), 'Here are your delivery receipts.');
    },
  );

  app.post(
    '/sms/receipts',
    { config, schema: { operationId: 'sms.receipts.test', tags, summary: 'Add a test delivery receipt', body: UrlBody, response: { 200: EnvelopeOf(TestReceipt), ...errors } } },
    async (req) => ok(await receipts.addTest(authOf(req), req.body.url, deps.sms.pushTestReceipt), 'Receipt has been added'),
  );

  app.put(
    '/sms/receipts-read',
    { config, schema: { operationId: 'sms.receipts.read', tags, summary: 'Mark delivery receipts read', body: DateBeforeBody, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      await receipts.markRead(authOf(req), req.body?.date_before);
      // ClickSend's message reads "Receipts has been marked as read." (sic).
      return ok([], 'Receipts has been marked as read.');
    },
  );

  app.get(
    '/sms/receipts/:message_id',
    { config, schema: { operationId: 'sms.receipts.get', tags, summary: 'One delivery receipt', params: MessageIdParams, response: { 200: EnvelopeOf(ReceiptRecord), ...errors } } },
    async (req) => ok(await receipts.get(authOf(req), req.params.message_id), 'Your receipt.'),
  );

  app.get(
    '/sms/inbound',
    { config, schema: { operationId: 'sms.inbound.list', tags, summary: 'Unread inbound SMS', querystring: InboundQuery, response: { 200: EnvelopeOf(PaginatedOf(InboundRecord)), ...errors } } },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await inbound.list(authOf(req), req.query, page);
      return ok(paginate(items, total, page, links(req.url)), 'Here are your data.');
    },
  );

  app.post(
    '/sms/inbound',
    { config, schema: { operationId: 'sms.inbound.test', tags, summary: 'Add a test inbound SMS', body: TestInboundBody, response: { 200: EnvelopeOf(InboundRecord), ...errors } } },
    async (req) => ok(await inbound.addTest(authOf(req), req.body), 'Here are your incoming messages.'),
  );

  app.put(
    '/sms/inbound-read',
    { config, schema: { operationId: 'sms.inbound.read', tags, summary: 'Mark inbound SMS read', body: DateBeforeBody, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      await inbound.markAllRead(authOf(req), req.body?.date_before);
      return ok([], 'Inbound messages have been marked as read.');
    },
  );

  app.put(
    '/sms/inbound-read/:message_id',
    { config, schema: { operationId: 'sms.inbound.readOne', tags, summary: 'Mark one inbound SMS read', params: MessageIdParams, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      await inbound.markRead(authOf(req), req.params.message_id);
      return ok([], 'Inbound messages have been marked as read.');
    },
  );

  app.get(
    '/sms/inbound/:outbound_message_id',
    { config, schema: { operationId: 'sms.inbound.reply', tags, summary: 'The reply to one outbound SMS', params: OutboundIdParams, response: { 200: EnvelopeOf(InboundRecord), ...errors } } },
    async (req) => ok(await inbound.replyTo(authOf(req), req.params.outbound_message_id), "Here's your result."),
  );
}
