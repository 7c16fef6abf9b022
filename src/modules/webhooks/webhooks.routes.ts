import { authOf } from '../../core/auth/index.js';
import type { Config } from '../../config/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PaginatedOf, pageRequest, pageUrlBuilder, paginate } from '../../core/pagination/index.js';
import { DeliveryListQuery, EventIdParams, WebhookDeliveryDetail, WebhookDeliveryRecord, WebhookSecretRecord } from './webhooks.schemas.js';
import type { WebhookSecrets } from './webhooks.secrets.js';
import type { WebhookDeliveriesService } from './webhooks.service.js';

const errors = { '4xx': ErrorEnvelope };
const SIGNATURE = { signature_header: 'X-Sendbox-Signature', signed_content: 'v1=hex(HMAC-SHA256(secret, <X-Sendbox-Event-Id>.<X-Sendbox-Timestamp>.<raw body, or for a GET the raw query string>))' };

/**
 * Additive routes (not ClickSend's), under /v3/sendbox so they cannot clash with it: the webhook delivery log,
 * redeliver, and the signing secret. Account settings: the main account always, subaccounts with access_settings.
 */
export function webhooksRoutes(app: App, deps: { config: Pick<Config, 'publicUrl'>; deliveries: WebhookDeliveriesService; secrets: WebhookSecrets }) {
  const tags = ['Sendbox: Webhooks'];
  const config = { access: 'settings' as const };

  app.get(
    '/sendbox/webhook-deliveries',
    {
      config,
      schema: {
        operationId: 'sendbox.webhooks.deliveries.list',
        tags,
        summary: 'List webhook deliveries, newest first',
        querystring: DeliveryListQuery,
        response: { 200: EnvelopeOf(PaginatedOf(WebhookDeliveryRecord)), ...errors },
      },
    },
    async (req) => {
      const page = pageRequest(req.query);
      const { items, total } = await deps.deliveries.list(authOf(req), page, req.query);
      return ok(paginate(items, total, page, pageUrlBuilder(deps.config.publicUrl, req.url)), 'Here are your data.');
    },
  );

  app.get(
    '/sendbox/webhook-deliveries/:event_id',
    {
      config,
      schema: {
        operationId: 'sendbox.webhooks.deliveries.get',
        tags,
        summary: 'A webhook delivery with its attempts',
        params: EventIdParams,
        response: { 200: EnvelopeOf(WebhookDeliveryDetail), ...errors },
      },
    },
    async (req) => ok(await deps.deliveries.get(authOf(req), req.params.event_id), 'Here is your data.'),
  );

  app.post(
    '/sendbox/webhook-deliveries/:event_id/redeliver',
    {
      config,
      schema: {
        operationId: 'sendbox.webhooks.deliveries.redeliver',
        tags,
        summary: 'Queue a webhook delivery again now (a new cycle of attempts, same event id)',
        params: EventIdParams,
        response: { 200: EnvelopeOf(WebhookDeliveryDetail), ...errors },
      },
    },
    async (req) => ok(await deps.deliveries.redeliver(authOf(req), req.params.event_id), 'The delivery has been queued again.'),
  );

  app.get(
    '/sendbox/webhook-secret',
    {
      config,
      schema: { operationId: 'sendbox.webhooks.secret.get', tags, summary: 'The webhook signing secret (in full the first time only)', response: { 200: EnvelopeOf(WebhookSecretRecord), ...errors } },
    },
    async (req) => {
      const view = await deps.secrets.show(authOf(req).accountId);
      return ok({ ...view, ...SIGNATURE }, view.revealed ? 'Here is your webhook signing secret. Store it now: it is not shown again.' : 'Here is your webhook signing secret (masked).');
    },
  );

  app.post(
    '/sendbox/webhook-secret',
    {
      config,
      schema: {
        operationId: 'sendbox.webhooks.secret.rotate',
        tags,
        summary: 'Replace the webhook signing secret (the new one is shown once)',
        response: { 200: EnvelopeOf(WebhookSecretRecord), ...errors },
      },
    },
    async (req) => {
      const view = await deps.secrets.rotate(authOf(req).accountId);
      return ok({ ...view, ...SIGNATURE }, 'Your new webhook signing secret. Store it now: it is not shown again.');
    },
  );
}
