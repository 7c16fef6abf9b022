import type { Generated, Insertable, Selectable } from 'kysely';
import type { DispatchColumns } from '../../core/dispatch/index.js';

/** One push to a customer URL (migration 0021): the outbox row the dispatcher claims. */
export interface WebhookDeliveriesTable extends DispatchColumns {
  id: Generated<number>;
  /** Upper-case GUID, the same on every attempt (X-Sendbox-Event-Id). */
  event_id: string;
  account_id: number;
  rule_kind: string | null;
  rule_id: number | null;
  event_type: string;
  message_id: string | null;
  url: string;
  webhook_type: string;
  /** The fields as sent, a JSON object in send order, frozen at enqueue time. */
  payload: string;
  created_at: number;
  delivered_at: number | null;
  last_http_status: number | null;
  cycle: Generated<number>;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  account_id: number;
  cycle: number;
  attempt: number;
  url: string;
  started_at_ms: number;
  latency_ms: number;
  http_status: number | null;
  error: string | null;
  response_excerpt: string | null;
  next_retry_at_ms: number | null;
}

export interface WebhookSecretsTable {
  account_id: number;
  /** Stored as is, not hashed: signing needs the secret itself (an HMAC key cannot be checked against a digest). */
  secret: string;
  created_at: number;
  revealed_at: number | null;
}

export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type NewWebhookDelivery = Insertable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;
export type NewWebhookAttempt = Insertable<WebhookAttemptsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    webhook_deliveries: WebhookDeliveriesTable;
    webhook_attempts: WebhookAttemptsTable;
    webhook_secrets: WebhookSecretsTable;
  }
}
