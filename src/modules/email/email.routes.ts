import { authOf } from '../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { EmailInput, ExportQuery, ExportResult, HistoryQuery, HistoryRecord, PriceRecord, SendRecord, TestReceipt, TestReceiptBody } from './email.schemas.js';
import type { EmailServices } from './email.services.js';

const errors = { '4xx': ErrorEnvelope };

/** The five Transactional Email endpoints. Subaccounts need access_email. */
export function emailRoutes(app: App, deps: { publicUrl: string; email: EmailServices; bodyLimit: number }) {
  const { email } = deps;
  const tags = ['Transactional Email'];
  const config = { access: 'email' as const };

  app.post(
    '/email/send',
    {
      config: { ...config, requiresActiveAccount: true, idempotent: true },
      bodyLimit: deps.bodyLimit,
      schema: { operationId: 'email.send', tags, summary: 'Send a transactional email', body: EmailInput, response: { 200: EnvelopeOf(SendRecord), ...errors } },
    },
    async (req) => ok(await email.send.send(authOf(req), req.body), 'Transactional email queued for delivery.'),
  );

  app.post(
    '/email/price',
    {
      config,
      bodyLimit: deps.bodyLimit,
      schema: { operationId: 'email.price', tags, summary: 'Price a transactional email', body: EmailInput, response: { 200: EnvelopeOf(PriceRecord), ...errors } },
    },
    async (req) => ok(await email.send.price(authOf(req), req.body), "Here's the email price."),
  );

  app.get(
    '/email/history',
    { config, schema: { operationId: 'email.history', tags, summary: 'Transactional email history', querystring: HistoryQuery, response: { 200: EnvelopeOf(PaginatedOf(HistoryRecord)), ...errors } } },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await email.history.list(authOf(req), req.query, page);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.publicUrl, req.url)), 'Here is your result.');
    },
  );

  app.get(
    '/email/history/export',
    {
      config,
      schema: { operationId: 'email.history.export', tags, summary: 'Export transactional email history as CSV', querystring: ExportQuery, response: { 200: EnvelopeOf(ExportResult), ...errors } },
    },
    async (req) => ok(await email.history.export(authOf(req), req.query), 'Download your file here.'),
  );

  app.post(
    '/email/receipts',
    { config, schema: { operationId: 'email.receipts.test', tags, summary: 'Add a test delivery receipt', body: TestReceiptBody, response: { 200: EnvelopeOf(TestReceipt), ...errors } } },
    async (req) => ok(await email.testReceipt(authOf(req), req.body.url), 'Receipt has been added.'),
  );
}
