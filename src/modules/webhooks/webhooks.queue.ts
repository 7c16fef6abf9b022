import { performance } from 'node:perf_hooks';
import type { Config } from '../../config/index.js';
import { backoffMs, type DispatchQueue, type DispatchRow, type Outcome, type RetryPolicy } from '../../core/dispatch/index.js';
import { FetchError, type SafeFetcher } from '../../core/fetch/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { Payload } from './webhooks.payloads.js';
import { buildRequest } from './webhooks.request.js';
import type { WebhookSecrets } from './webhooks.secrets.js';
import type { NewWebhookAttempt, WebhookDeliveryRow } from './webhooks.tables.js';

type Row = WebhookDeliveryRow & DispatchRow;

/** The answer kept for the log: enough to see what a receiver said, never a whole page. */
export const EXCERPT_CHARS = 500;
/** Bytes of an answer read at all; the rest is dropped unread (a receiver's reply body is not used, as at ClickSend). */
export const RESPONSE_READ_BYTES = 4096;

// No answer can come from these: retrying would only repeat the refusal.
const FINAL_FETCH_ERRORS = new Set(['INVALID_URL', 'SCHEME_NOT_ALLOWED', 'ADDRESS_NOT_ALLOWED']);

/**
 * Delivers webhook_deliveries rows. One attempt = one request; every attempt is logged in webhook_attempts. A 2xx ends
 * the delivery (ClickSend asks for 200; any 2xx counts); a 3xx, 4xx, 5xx, a network error or the timeout is retried
 * with doubling waits until maxAttempts (redirects are not followed: a receiver URL that moved is the user's to fix);
 * an address the SSRF rules refuse fails at once with the reason.
 */
export function webhooksQueue(d: { secrets: WebhookSecrets; fetcher: SafeFetcher; clock: Clock; config: Pick<Config, 'webhooks'> }): DispatchQueue<Row> {
  const w = d.config.webhooks;
  const retry: RetryPolicy = { maxAttempts: w.maxAttempts, baseDelayMs: w.retryBaseMs, maxDelayMs: w.retryMaxMs };
  return {
    name: 'webhooks',
    table: 'webhook_deliveries',
    idempotencyKey: (row) => row.event_id,
    retry,
    concurrency: w.concurrency,
    async handle(row, ctx): Promise<Outcome> {
      const secret = await d.secrets.signingSecret(Number(row.account_id));
      const nowS = Math.floor(ctx.nowMs / 1000);
      const out = buildRequest(
        { url: row.url, webhookType: row.webhook_type, payload: JSON.parse(row.payload) as Payload, eventId: row.event_id, eventType: row.event_type, attempt: ctx.attempt },
        secret,
        nowS,
      );
      const started = performance.now();
      let status: number | null = null;
      let error: string | null = null;
      let excerpt: string | null = null;
      let final = false;
      try {
        const res = await d.fetcher.send(out.url, { ...out.request, timeoutMs: w.timeoutMs, maxResponseBytes: RESPONSE_READ_BYTES });
        status = res.status;
        excerpt = excerptOf(res.body);
        if (status < 200 || status > 299) error = status >= 300 && status < 400 ? `answered HTTP ${status} (redirects are not followed)` : `answered HTTP ${status}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        final = err instanceof FetchError && FINAL_FETCH_ERRORS.has(err.code);
      }
      const latencyMs = Math.round(performance.now() - started);
      const delivered = error === null;
      const retrying = !delivered && !final && ctx.attempt < retry.maxAttempts;
      const delayMs = backoffMs(retry, ctx.attempt);
      // Logged with the outcome, in its transaction: written if and only if this attempt's outcome is.
      const attemptRow: NewWebhookAttempt = {
        delivery_id: Number(row.id),
        account_id: Number(row.account_id),
        cycle: Number(row.cycle),
        attempt: ctx.attempt,
        url: row.url,
        started_at_ms: ctx.nowMs,
        latency_ms: latencyMs,
        http_status: status,
        error: error?.slice(0, 1000) ?? null,
        response_excerpt: excerpt,
        next_retry_at_ms: retrying ? d.clock.nowMs() + delayMs : null,
      };
      const also = { table: 'webhook_attempts', row: attemptRow };
      const set = { last_http_status: status };
      if (delivered) return { result: 'sent', set: { ...set, delivered_at: Math.floor(d.clock.nowMs() / 1000) }, also };
      if (final) return { result: 'failed', error: error!, set, also };
      return { result: 'retry', error: error!, delayMs, set, also };
    },
  };
}

/** The first EXCERPT_CHARS characters of an answer, control characters (newlines included) turned into spaces. */
export function excerptOf(body: Buffer): string | null {
  if (body.length === 0) return null;
  return body
    .toString('utf8')
    .slice(0, EXCERPT_CHARS)
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}
