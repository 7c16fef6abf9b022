import { Type } from '@sinclair/typebox';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import type { Config } from '../../config/index.js';
import { CancelAllResult, ExportQuery, ExportResult, HistoryQuery, HistoryRecord, MessageIdParams, PriceResult, SendResult, SmsMessageCollection } from './sms.schemas.js';
import type { SmsServices } from './sms.services.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend answers a cancelled message with an empty array in `data`.
const EmptyList = Type.Array(Type.Never());

/** Sending, pricing, history, export and cancel. Subaccounts need access_sms. */
export function smsRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; sms: SmsServices }) {
  const { sms } = deps;
  const tags = ['SMS'];
  const config = { access: 'sms' as const };

  app.post(
    '/sms/send',
    {
      config: { ...config, bodySize: 'bulk', requiresActiveAccount: true, idempotent: true },
      schema: { operationId: 'sms.send', tags, summary: 'Send up to 1000 SMS', body: SmsMessageCollection, response: { 200: EnvelopeOf(SendResult), ...errors } },
    },
    // ClickSend's current docs answer a send with "Messages queued for delivery." (the SDK-era example: "Here are your data.").
    async (req) => ok(await sms.send.send(authOf(req), req.body.messages), 'Messages queued for delivery.'),
  );

  app.post(
    '/sms/price',
    {
      config: { ...config, bodySize: 'bulk' },
      schema: { operationId: 'sms.price', tags, summary: 'Price SMS without sending them', body: SmsMessageCollection, response: { 200: EnvelopeOf(PriceResult), ...errors } },
    },
    async (req) => ok(await sms.send.price(authOf(req), req.body.messages), 'Here are your data.'),
  );

  app.get(
    '/sms/history',
    {
      config,
      schema: { operationId: 'sms.history', tags, summary: 'Outbound SMS history', querystring: HistoryQuery, response: { 200: EnvelopeOf(PaginatedOf(HistoryRecord)), ...errors } },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await sms.history.list(authOf(req), req.query, page);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your data.');
    },
  );

  app.get(
    '/sms/history/export',
    { config, schema: { operationId: 'sms.history.export', tags, summary: 'Export SMS history as CSV', querystring: ExportQuery, response: { 200: EnvelopeOf(ExportResult), ...errors } } },
    async (req) => ok(await sms.history.export(authOf(req), req.query), 'Download your file here.'),
  );

  app.put(
    '/sms/:message_id/cancel',
    { config, schema: { operationId: 'sms.cancel', tags, summary: 'Cancel a scheduled SMS', params: MessageIdParams, response: { 200: EnvelopeOf(EmptyList), ...errors } } },
    async (req) => {
      const id = await sms.cancel.cancelOne(authOf(req), req.params.message_id);
      return ok([], `Message ${id} has been cancelled.`);
    },
  );

  app.put(
    '/sms/cancel-all',
    { config, schema: { operationId: 'sms.cancelAll', tags, summary: 'Cancel every scheduled SMS', response: { 200: EnvelopeOf(CancelAllResult), ...errors } } },
    async (req) => {
      const count = await sms.cancel.cancelAll(authOf(req));
      // ClickSend's message reads "5 messages has been cancelled." (sic).
      return ok({ count }, `${count} messages has been cancelled.`);
    },
  );
}
