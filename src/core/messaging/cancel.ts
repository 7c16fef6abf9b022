import type { AuthContext } from '../auth/index.js';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.js';
import { ApiError } from '../errors/index.js';
import type { LedgerPort } from './ports.js';
import type { MessageColumns, MessageStore } from './store.js';

/** How cancels name the channel: the ledger's product column and the noun of messages and refunds ("SMS"). */
export interface CancelChannel {
  readonly ledgerProduct: string;
  readonly noun: string;
}

/**
 * PUT …/{message_id}/cancel and …/cancel-all: messages no dispatcher has claimed yet (Scheduled, or
 * Queued and not yet handed off) become Cancelled and their price goes back through the ledger, in the
 * same transaction. A message already claimed is not cancelled: the claim won.
 */
export class MessageCancel<Row extends MessageColumns> {
  constructor(
    private readonly db: Db,
    private readonly store: MessageStore<Row>,
    private readonly ledger: LedgerPort,
    private readonly channel: CancelChannel,
  ) {}

  async cancelOne(auth: AuthContext, messageId: string): Promise<string> {
    const { noun, ledgerProduct } = this.channel;
    const units = this.store.spec.unitsColumn;
    const id = messageId.trim().toUpperCase();
    const row = await this.store.find(auth.accountId, id);
    if (!row) throw ApiError.notFound(`No ${noun} with message_id ${messageId} in this account.`);
    const cancelled = await this.db.transaction().execute(async (trx) => {
      if (!(await this.store.cancelOne(trx, auth.accountId, row))) return false;
      const price = Number(row.price_micros);
      if (price > 0) {
        await this.ledger.credit(
          {
            accountId: auth.accountId,
            subaccountId: Number(row.subaccount_id),
            amountMicros: price,
            product: ledgerProduct,
            quantity: Number((row as unknown as Record<string, unknown>)[units]),
            reference: row.message_id,
            description: `Cancelled ${noun}`,
          },
          'refund',
          trx,
        );
      }
      return true;
    });
    if (!cancelled) {
      const now = await this.store.find(auth.accountId, id);
      throw ApiError.badRequest(`Message ${id} cannot be cancelled: it is ${now?.status ?? row.status}, and only messages not yet sent can be.`);
    }
    return row.message_id;
  }

  /** Cancels every message of the account that is still waiting; one refund row per subaccount that sent them. */
  async cancelAll(auth: AuthContext): Promise<number> {
    return this.db.transaction().execute((trx) => this.cancelWaiting(trx, auth.accountId, {}, 'cancel-all'));
  }

  /**
   * Inside the caller's transaction: cancels the account's waiting messages matching `scope` (a campaign's:
   * { campaign_id }) and refunds them, one refund row per subaccount that sent them, with `reference`.
   */
  async cancelWaiting(trx: Transaction<Database>, accountId: number, scope: Readonly<Record<string, number>>, reference: string): Promise<number> {
    const { noun, ledgerProduct } = this.channel;
    const rows = await this.store.cancelAllWaiting(trx, accountId, scope);
    const bySub = new Map<number, { micros: number; units: number; count: number }>();
    for (const r of rows) {
      if (r.price_micros <= 0) continue;
      const t = bySub.get(r.subaccount_id) ?? { micros: 0, units: 0, count: 0 };
      t.micros += r.price_micros;
      t.units += r.units;
      t.count++;
      bySub.set(r.subaccount_id, t);
    }
    for (const [subaccountId, t] of bySub) {
      await this.ledger.credit(
        {
          accountId,
          subaccountId,
          amountMicros: t.micros,
          product: ledgerProduct,
          quantity: t.units,
          reference,
          description: `Cancelled ${noun}: ${t.count} message(s)`,
        },
        'refund',
        trx,
      );
    }
    return rows.length;
  }
}
