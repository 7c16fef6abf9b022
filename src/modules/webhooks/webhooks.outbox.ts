import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/index.js';
import { newDispatchValues } from '../../core/dispatch/index.js';
import { orderedMessageId, type WebhookOutbox, type WebhookRequest } from '../../core/messaging/index.js';
import type { Clock } from '../../core/util/clock.js';
import { buildPayload } from './webhooks.payloads.js';
import type { WebhooksRepository } from './webhooks.repository.js';
import type { NewWebhookDelivery } from './webhooks.tables.js';

/**
 * The outbox: one delivery row per push, written in the caller's transaction (the one storing the event), so the push
 * commits with the event or not at all. The payload is built here and frozen in the row.
 */
export class WebhookOutboxService implements WebhookOutbox {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly clock: Clock,
  ) {}

  async enqueue(trx: Transaction<Database>, requests: readonly WebhookRequest[]): Promise<string[]> {
    if (requests.length === 0) return [];
    const nowMs = this.clock.nowMs();
    const nowS = Math.floor(nowMs / 1000);
    const rows: NewWebhookDelivery[] = requests.map((r) => {
      const built = buildPayload(r.event, r.webhookType);
      return {
        ...newDispatchValues(nowS, nowS),
        // Time-ordered GUIDs append to the unique index instead of landing on a random page each.
        event_id: orderedMessageId(nowMs),
        account_id: r.accountId,
        rule_kind: r.rule?.kind ?? null,
        rule_id: r.rule?.id ?? null,
        event_type: built.eventType,
        message_id: built.messageId,
        url: r.url,
        webhook_type: built.webhookType,
        payload: JSON.stringify(built.payload),
        created_at: nowS,
        delivered_at: null,
        last_http_status: null,
      };
    });
    await this.repo.insertDeliveries(trx, rows);
    return rows.map((r) => r.event_id);
  }
}
