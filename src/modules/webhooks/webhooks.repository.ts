import type { Kysely, Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { DispatchStatus } from '../../core/dispatch/index.js';
import type { NewWebhookDelivery, WebhookAttemptRow, WebhookDeliveryRow } from './webhooks.tables.js';

// 17 columns a row: 500 rows stay far below SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
const INSERT_CHUNK = 500;

export interface DeliveryFilter {
  readonly status?: readonly string[];
  readonly eventType?: string;
  readonly messageId?: string;
}

/** The SQL of webhooks: the outbox rows, their attempt log and the signing secrets. */
export class WebhooksRepository {
  constructor(private readonly db: Db) {}

  /** One multi-row statement per 500 rows: a receipt sweep queues hundreds in one transaction. */
  async insertDeliveries(trx: Kysely<Database> | Transaction<Database>, rows: readonly NewWebhookDelivery[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await trx
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
  }

  async secretOf(accountId: number) {
    return this.db.selectFrom('webhook_secrets').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  }

  /** Creates the account's secret unless one exists (two processes may race here: the first insert wins). */
  async createSecretIfMissing(accountId: number, secret: string, nowS: number): Promise<void> {
    await this.db
      .insertInto('webhook_secrets')
      .values({ account_id: accountId, secret, created_at: nowS, revealed_at: null })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
  }

  /** Shows it once: true only for the call that marked it revealed. */
  async markRevealed(accountId: number, nowS: number): Promise<boolean> {
    const r = await this.db.updateTable('webhook_secrets').set({ revealed_at: nowS }).where('account_id', '=', accountId).where('revealed_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async replaceSecret(accountId: number, secret: string, nowS: number): Promise<void> {
    await this.db
      .insertInto('webhook_secrets')
      .values({ account_id: accountId, secret, created_at: nowS, revealed_at: nowS })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ secret, created_at: nowS, revealed_at: nowS }))
      .execute();
  }

  async listDeliveries(accountId: number, f: DeliveryFilter, page: { limit: number; offset: number }): Promise<{ rows: WebhookDeliveryRow[]; total: number }> {
    let q = this.db.selectFrom('webhook_deliveries').where('account_id', '=', accountId);
    if (f.status && f.status.length > 0) q = q.where('status', 'in', f.status);
    if (f.eventType) q = q.where('event_type', '=', f.eventType);
    if (f.messageId) q = q.where('message_id', '=', f.messageId);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  async deliveryByEventId(accountId: number, eventId: string): Promise<WebhookDeliveryRow | undefined> {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('account_id', '=', accountId).where('event_id', '=', eventId).executeTakeFirst();
  }

  async attemptsOf(deliveryId: number): Promise<WebhookAttemptRow[]> {
    return this.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('id').execute();
  }

  /**
   * Queues a delivery again now, as a new cycle (attempts count from 1 again; the old attempts stay in the log).
   * Conditional on not being in flight, so it cannot race a dispatcher's claim: false when it is Processing. Resetting
   * attempts reuses fencing tokens (claimed_by, attempts) of the previous cycle; that cycle has no live claim left (its
   * last outcome was recorded, or it is Processing and refused here), so no old claim can write over the new one.
   */
  async redeliver(id: number, nowMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: DispatchStatus.Queued,
        schedule_at: Math.floor(nowMs / 1000),
        next_attempt_at: 0,
        attempts: 0,
        claimed_until: null,
        last_error: null,
        cycle: eb('cycle', '+', 1),
      }))
      .where('id', '=', id)
      .where('status', '!=', DispatchStatus.Processing)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
