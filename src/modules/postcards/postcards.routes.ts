import type { FastifyRequest } from 'fastify';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { ExportQuery, ExportResult, HistoryQuery, MessageIdParams } from '../post/index.js';
import type { Config } from '../../config/index.js';
import { PostcardHistoryRecord, PostcardSendResult, SendPostcardsBody } from './postcards.schemas.js';
import type { PostcardsService } from './postcards.service.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend's `source` for calls made through REST v3.
const DEFAULT_SOURCE = '.rest.v3';

export function postcardsRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; postcards: PostcardsService }) {
  const svc = deps.postcards;
  const tags = ['Postcards'];
  // Everything post needs the subaccount's access_post flag.
  const config = { access: 'post' as const };
  const origin = (req: FastifyRequest & { body: SendPostcardsBody }) => ({ auth: authOf(req), ip: req.ip, source: req.body.source ?? DEFAULT_SOURCE, ownOrigin: `${req.protocol}://${req.host}` });
  const sendSchema = { tags, body: SendPostcardsBody, response: { 200: EnvelopeOf(PostcardSendResult), ...errors } };

  app.post(
    '/post/postcards/send',
    { config: { ...config, bodySize: 'bulk', requiresActiveAccount: true, idempotent: true }, schema: { ...sendSchema, operationId: 'postcards.send', summary: 'Send postcards (one per recipient)' } },
    async (req) => ok(await svc.send(origin(req), req.body), 'Postcard queued for delivery.'),
  );

  app.post(
    '/post/postcards/price',
    { config: { ...config, bodySize: 'bulk' }, schema: { ...sendSchema, operationId: 'postcards.price', summary: 'Price postcards without sending them' } },
    // ClickSend's documented price response reuses the send message "Postcard queued for delivery." verbatim.
    async (req) => ok(await svc.price(origin(req), req.body), 'Postcard queued for delivery.'),
  );

  app.get(
    '/post/postcards/history',
    {
      config,
      schema: { operationId: 'postcards.history', tags, summary: 'Postcard history', querystring: HistoryQuery, response: { 200: EnvelopeOf(PaginatedOf(PostcardHistoryRecord)), ...errors } },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await svc.records.history(authOf(req).accountId, page, req.query);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here is your history.');
    },
  );

  const exportSchema = { tags, querystring: ExportQuery, response: { 200: EnvelopeOf(ExportResult), ...errors } };
  const exportHandler = async (req: FastifyRequest<{ Querystring: ExportQuery }>) =>
    ok(await svc.records.exportHistory(authOf(req).accountId, req.query.filename, req.query), 'Download your file here.');
  app.get('/post/postcards/history/export', { config, schema: { ...exportSchema, operationId: 'postcards.history.export', summary: 'Export postcard history as CSV' } }, exportHandler);
  // The apiary/apidog docs print the export path without /history; serve both.
  app.get('/post/postcards/export', { config, schema: { ...exportSchema, operationId: 'postcards.export', summary: 'Export postcard history as CSV (documented alternative path)' } }, exportHandler);

  app.put(
    '/post/postcards/:message_id/cancel',
    {
      config,
      schema: {
        operationId: 'postcards.cancel',
        tags,
        summary: 'Cancel a postcard not yet handed to print, and refund it (beyond ClickSend)',
        params: MessageIdParams,
        response: { 200: EnvelopeOf(PostcardHistoryRecord), ...errors },
      },
    },
    async (req) => {
      const card = await svc.records.cancel(authOf(req).accountId, req.params.message_id);
      return ok(card, `Postcard ${card.message_id} has been cancelled.`);
    },
  );
}
