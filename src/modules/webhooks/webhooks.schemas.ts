import { Type, type Static } from '@sinclair/typebox';
import { PageQuery } from '../../core/pagination/index.js';

/** How the log names a delivery's state (the dispatch status, with Sent called Delivered). */
export const DELIVERY_STATUSES = ['Scheduled', 'Queued', 'Processing', 'Delivered', 'Failed', 'Cancelled'] as const;
export const EVENT_TYPES = ['sms.inbound', 'sms.receipt', 'mms.receipt', 'voice.receipt', 'fax.receipt', 'email.receipt', 'fax.inbound'] as const;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const WebhookAttemptRecord = Type.Object({
  cycle: Type.Integer({ description: '1, then one more for each redeliver.' }),
  attempt: Type.Integer({ description: 'Attempt number within the cycle, from 1.' }),
  url: Type.String(),
  started_at: Type.Integer({ description: 'Unix seconds.' }),
  started_at_ms: Type.Integer(),
  latency_ms: Type.Integer(),
  http_status: Nullable(Type.Integer({ description: 'null when no answer came (network error, timeout, refused address).' })),
  error: Nullable(Type.String()),
  response_excerpt: Nullable(Type.String({ description: 'The first 500 characters of the answer, control characters replaced by spaces.' })),
  next_retry_at: Nullable(Type.Integer({ description: 'Unix seconds of the next attempt; null when this attempt ended the delivery.' })),
  next_retry_at_ms: Nullable(Type.Integer()),
});

export const WebhookDeliveryRecord = Type.Object({
  event_id: Type.String({ description: 'Sent as X-Sendbox-Event-Id on every attempt: receivers drop duplicates by it.' }),
  event_type: Type.String({ enum: [...EVENT_TYPES] }),
  status: Type.String({ enum: [...DELIVERY_STATUSES] }),
  message_id: Nullable(Type.String()),
  url: Type.String(),
  webhook_type: Type.String({ enum: ['post', 'get', 'json'] }),
  rule_kind: Nullable(Type.String({ description: 'The automation rule group that asked for it; null for a test push.' })),
  rule_id: Nullable(Type.Integer()),
  payload: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'The fields as sent, in send order.' }),
  cycle: Type.Integer(),
  attempt_count: Type.Integer({ description: 'Attempts in the current cycle.' }),
  last_http_status: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  next_attempt_at: Nullable(Type.Integer({ description: 'Unix seconds of the next attempt while it waits; null once it is final.' })),
  created_at: Type.Integer(),
  delivered_at: Nullable(Type.Integer()),
});
export type WebhookDeliveryRecord = Static<typeof WebhookDeliveryRecord>;

export const WebhookDeliveryDetail = Type.Object({ ...WebhookDeliveryRecord.properties, attempts: Type.Array(WebhookAttemptRecord) });
export type WebhookDeliveryDetail = Static<typeof WebhookDeliveryDetail>;

export const DeliveryListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.String({ enum: [...DELIVERY_STATUSES], description: 'Only deliveries in this state.' })),
  event_type: Type.Optional(Type.String({ enum: [...EVENT_TYPES] })),
  message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only pushes about this message.' })),
});
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;

export const EventIdParams = Type.Object({ event_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const WebhookSecretRecord = Type.Object({
  secret: Type.String({ description: 'In full only in the answer that reveals it (the first GET, or a rotation); masked afterwards.' }),
  revealed: Type.Boolean({ description: 'True when this answer shows the whole secret: store it now, it is not shown again.' }),
  created_at: Type.Integer(),
  signature_header: Type.String(),
  signed_content: Type.String(),
});
