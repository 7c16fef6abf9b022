import type { FastifyRequest } from 'fastify';
import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { ExportQuery, ExportResult, HistoryQuery, MessageIdParams } from '../post/index.js';
import type { Config } from '../../config/index.js';
import { LetterHistoryRecord, LetterPriceResult, LetterSendResult, SendLettersBody, type SendLettersBody as Body } from './letters.schemas.js';
import type { LettersService } from './letters.service.js';

const errors = { '4xx': ErrorEnvelope };
// ClickSend's `source` for calls made through REST v3.
const DEFAULT_SOURCE = '.rest.v3';

export function lettersRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; letters: LettersService }) {
  const svc = deps.letters;
  const tags = ['Post Letter'];
  // Everything post needs the subaccount's access_post flag.
  const config = { access: 'post' as const };
  const origin = (req: FastifyRequest & { body: Body }) => ({ auth: authOf(req), ip: req.ip, source: req.body.source ?? DEFAULT_SOURCE, ownOrigin: `${req.protocol}://${req.host}` });

  app.post(
    '/post/letters/send',
    {
      config: { ...config, bodySize: 'bulk', requiresActiveAccount: true, idempotent: true },
      schema: { operationId: 'letters.send', tags, summary: 'Send letters (one per recipient)', body: SendLettersBody, response: { 200: EnvelopeOf(LetterSendResult), ...errors } },
    },
    async (req) => ok(await svc.send(origin(req), req.body), 'Letters queued for delivery.'),
  );

  app.post(
    '/post/letters/price',
    {
      config: { ...config, bodySize: 'bulk' },
      schema: { operationId: 'letters.price', tags, summary: 'Price letters without sending them', body: SendLettersBody, response: { 200: EnvelopeOf(LetterPriceResult), ...errors } },
    },
    async (req) => ok(await svc.price(origin(req), req.body), 'Here are some results.'),
  );

  app.get(
    '/post/letters/history',
    {
      config,
      schema: { operationId: 'letters.history', tags, summary: 'Letter history', querystring: HistoryQuery, response: { 200: EnvelopeOf(PaginatedOf(LetterHistoryRecord)), ...errors } },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await svc.records.history(authOf(req).accountId, page, req.query);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here is your history.');
    },
  );

  app.get(
    '/post/letters/history/export',
    { config, schema: { operationId: 'letters.history.export', tags, summary: 'Export letter history as CSV', querystring: ExportQuery, response: { 200: EnvelopeOf(ExportResult), ...errors } } },
    async (req) => ok(await svc.records.exportHistory(authOf(req).accountId, req.query.filename, req.query), 'Download your file here.'),
  );

  app.put(
    '/post/letters/:message_id/cancel',
    {
      config,
      schema: {
        operationId: 'letters.cancel',
        tags,
        summary: 'Cancel a letter not yet handed to print, and refund it (beyond ClickSend)',
        params: MessageIdParams,
        response: { 200: EnvelopeOf(LetterHistoryRecord), ...errors },
      },
    },
    async (req) => {
      const letter = await svc.records.cancel(authOf(req).accountId, req.params.message_id);
      return ok(letter, `Letter ${letter.message_id} has been cancelled.`);
    },
  );
}
