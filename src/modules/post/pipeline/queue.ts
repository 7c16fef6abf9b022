import type { Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db/index.js';
import { PermanentFailure, type DispatchQueue, type DispatchRow } from '../../../core/dispatch/index.js';
import type { LedgerService } from '../../ledger/index.js';
import { insertProofJobs } from './repository.js';
import type { PostProduct, PostProofJobRow } from './tables.js';

export interface Charge {
  messageId: string;
  amountMicros: number;
  description: string;
}

/**
 * Accepts a batch of post items in one transaction: the items, one proof job each, and one ledger debit per
 * charged item (product 'post'). A short balance throws INSUFFICIENT_CREDIT from the ledger and rolls back
 * everything, so nothing is charged or queued.
 */
export async function acceptBatch(
  db: Db,
  ledger: LedgerService,
  p: {
    accountId: number;
    subaccountId: number;
    nowS: number;
    product: PostProduct;
    charges: readonly Charge[];
    messageIds: readonly string[];
    insertItems: (trx: Transaction<Database>) => Promise<void>;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const c of p.charges) {
      if (c.amountMicros <= 0) continue;
      await ledger.debit({ accountId: p.accountId, subaccountId: p.subaccountId, amountMicros: c.amountMicros, product: 'post', reference: c.messageId, description: c.description }, trx);
    }
    await p.insertItems(trx);
    await insertProofJobs(trx, p.product, p.messageIds, p.nowS);
  });
}

/** Makes one item's proof PDF and thumbnails; idempotent (files that exist are kept). */
export type ProofMaker = (messageId: string) => Promise<void>;

/** The dispatch queue that makes proofs after the response, so a send never waits for rendering. */
export function proofJobsQueue(makers: Readonly<Record<PostProduct, ProofMaker>>): DispatchQueue<PostProofJobRow & DispatchRow> {
  return {
    name: 'post_proofs',
    table: 'post_proof_jobs',
    idempotencyKey: (row) => `proof:${row.message_id}`,
    retry: { maxAttempts: 3 },
    async handle(row) {
      const make = makers[row.product];
      // A job queued by a product this process does not serve: retrying cannot help.
      if (!make) throw new PermanentFailure(`no proof maker for post product ${row.product}`);
      await make(row.message_id);
      return { result: 'sent' };
    },
  };
}
