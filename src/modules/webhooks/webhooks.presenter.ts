import { DispatchStatus, FINAL_STATUSES } from '../../core/dispatch/index.js';
import type { WebhookDeliveryDetail, WebhookDeliveryRecord } from './webhooks.schemas.js';
import type { WebhookAttemptRow, WebhookDeliveryRow } from './webhooks.tables.js';

/** Stored dispatch status → the log's word for it. */
export const shownStatus = (status: string) => (status === DispatchStatus.Sent ? 'Delivered' : status);
/** The log's word → stored dispatch status (for the status filter). */
export const storedStatus = (status: string) => (status === 'Delivered' ? DispatchStatus.Sent : status);

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function presentDelivery(r: WebhookDeliveryRow): WebhookDeliveryRecord {
  const final = FINAL_STATUSES.includes(r.status as DispatchStatus);
  const retryAtS = Number(r.next_attempt_at) > 0 ? Math.ceil(Number(r.next_attempt_at) / 1000) : 0;
  return {
    event_id: r.event_id,
    event_type: r.event_type,
    status: shownStatus(r.status),
    message_id: r.message_id,
    url: r.url,
    webhook_type: r.webhook_type,
    rule_kind: r.rule_kind,
    rule_id: n(r.rule_id),
    payload: JSON.parse(r.payload) as Record<string, string | number>,
    cycle: Number(r.cycle),
    attempt_count: Number(r.attempts),
    last_http_status: n(r.last_http_status),
    last_error: r.last_error,
    next_attempt_at: final || r.status === DispatchStatus.Processing ? null : Math.max(Number(r.schedule_at), retryAtS),
    created_at: Number(r.created_at),
    delivered_at: n(r.delivered_at),
  };
}

export function presentDetail(r: WebhookDeliveryRow, attempts: readonly WebhookAttemptRow[]): WebhookDeliveryDetail {
  return {
    ...presentDelivery(r),
    attempts: attempts.map((a) => ({
      cycle: Number(a.cycle),
      attempt: Number(a.attempt),
      url: a.url,
      started_at: Math.floor(Number(a.started_at_ms) / 1000),
      started_at_ms: Number(a.started_at_ms),
      latency_ms: Number(a.latency_ms),
      http_status: n(a.http_status),
      error: a.error,
      response_excerpt: a.response_excerpt,
      next_retry_at: a.next_retry_at_ms === null ? null : Math.ceil(Number(a.next_retry_at_ms) / 1000),
      next_retry_at_ms: n(a.next_retry_at_ms),
    })),
  };
}
