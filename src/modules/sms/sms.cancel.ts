import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError } from '../../core/errors/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { SmsRepository } from './sms.repository.js';

/**
 * PUT /sms/{message_id}/cancel and /sms/cancel-all: messages no dispatcher has claimed yet (Scheduled,
 * or Queued and not yet handed off) become Cancelled and their price goes back through the ledger, in
 * the same transaction. A message already claimed is not cancelled: the claim won.
 */
export class SmsCancelService {
  constructor(
    private readonly db: Db,
    private readonly repo: SmsRepository,
    private readonly ledger: LedgerService,
  ) {}

  async cancelOne(auth: AuthContext, messageId: string): Promise<string> {
    const id = messageId.trim().toUpperCase();
    const row = await this.repo.findMessage(auth.accountId, id);
    if (!row) throw ApiError.notFound(`No SMS with message_id ${messageId} in this account.`);
    const cancelled = await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.cancelOne(trx, auth.accountId, row))) return false;
      const price = Number(row.price_micros);
      if (price > 0) {
        await this.ledger.credit(
          { accountId: auth.accountId, subaccountId: Number(row.subaccount_id), amountMicros: price, product: 'sms', quantity: Number(row.message_parts), reference: row.message_id, description: 'Cancelled SMS' },
          'refund',
          trx,
        );
      }
      return true;
    });
    if (!cancelled) {
      const now = await this.repo.findMessage(auth.accountId, id);
      throw ApiError.badRequest(`Message ${id} cannot be cancelled: it is ${now?.status ?? row.status}, and only messages not yet sent can be.`);
    }
    return row.message_id;
  }

  /** Cancels every message of the account that is still waiting; one refund row per subaccount that sent them. */
  async cancelAll(auth: AuthContext): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.cancelAllWaiting(trx, auth.accountId);
      const bySub = new Map<number, { micros: number; parts: number; count: number }>();
      for (const r of rows) {
        const price = Number(r.price_micros);
        if (price <= 0) continue;
        const t = bySub.get(Number(r.subaccount_id)) ?? { micros: 0, parts: 0, count: 0 };
        t.micros += price;
        t.parts += Number(r.message_parts);
        t.count++;
        bySub.set(Number(r.subaccount_id), t);
      }
      for (const [subaccountId, t] of bySub) {
        await this.ledger.credit(
          { accountId: auth.accountId, subaccountId, amountMicros: t.micros, product: 'sms', quantity: t.parts, reference: 'cancel-all', description: `Cancelled SMS: ${t.count} message(s)` },
          'refund',
          trx,
        );
      }
      return rows.length;
    });
  }
}
