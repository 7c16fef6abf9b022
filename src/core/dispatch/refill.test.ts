import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { withIdColumn, type DbHandle } from '../db/index.js';
import { createMessageTable, enqueue, rowsOf, scratchDatabase, statusCounts, type ScratchDatabase } from '../../../test/helpers/dispatch.js';
import { waitFor } from '../../../test/helpers/post.js';
import { Dispatcher, type DispatchQueue } from './index.js';

describe('a queue with its own concurrency', () => {
  let scratch: ScratchDatabase;
  let h: DbHandle;
  before(async () => {
    scratch = await scratchDatabase();
    h = scratch.open();
  });
  after(async () => {
    await h.close();
    await scratch.drop();
  });

  it('keeps claiming as lanes free while one hand-off hangs, never running more than its lanes at once', async () => {
    await createMessageTable(h.db, 'r_lanes');
    // The first message hangs until the test opens the gate; the other 30 were claimed with it or after it.
    const [first] = await enqueue(h.db, 'r_lanes', 31);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let running = 0;
    let most = 0;
    const queue: DispatchQueue = {
      name: 'r_lanes',
      table: 'r_lanes',
      concurrency: 4,
      async handle(row) {
        running++;
        most = Math.max(most, running);
        try {
          if (Number(row.id) === first) await gate;
          else await new Promise((r) => setImmediate(r));
        } finally {
          running--;
        }
      },
    };
    const d = new Dispatcher(h.db, { pollMs: 10, leaseMs: 30_000, batchSize: 100 }).register(queue);
    d.start();
    try {
      // With a wait for the whole claimed batch, the 3 rows claimed beside the hanging one would be the only ones sent.
      await waitFor('the other 30 to be sent', async () => ((await statusCounts(h.db, 'r_lanes')).Sent === 30 ? true : undefined), 15_000);
      assert.deepEqual(await statusCounts(h.db, 'r_lanes'), { Sent: 30, Processing: 1 });
      assert.ok(most <= 4, `at most 4 hand-offs at once, saw ${most}`);
    } finally {
      open();
      await d.stop();
    }
    assert.deepEqual(await statusCounts(h.db, 'r_lanes'), { Sent: 31 }, 'stop() waited for the hanging hand-off and recorded it');
  });

  it('runOnce() claims at most its free lanes and waits for their outcomes', async () => {
    await createMessageTable(h.db, 'r_once');
    await enqueue(h.db, 'r_once', 10);
    const queue: DispatchQueue = { name: 'r_once', table: 'r_once', concurrency: 3, handle: async () => undefined };
    const d = new Dispatcher(h.db, { pollMs: 10, leaseMs: 30_000, batchSize: 100 }).register(queue);
    assert.deepEqual(await d.runOnce(), { claimed: 3, busy: false });
    assert.equal((await rowsOf(h.db, 'r_once')).filter((r) => r.status === 'Sent').length, 3);
  });

  it('writes each outcome with its `also` row in one transaction, and neither when the claim was lost', async () => {
    await createMessageTable(h.db, 'r_also');
    await withIdColumn(h.db, h.db.schema.createTable('r_also_log'))
      .addColumn('message', 'bigint', (c) => c.notNull())
      .execute();
    const [kept, stolen] = await enqueue(h.db, 'r_also', 2);
    const queue: DispatchQueue = {
      name: 'r_also',
      table: 'r_also',
      concurrency: 2,
      async handle(row) {
        // Another dispatcher took this claim over meanwhile (its lease ran out): this outcome must not be written.
        if (Number(row.id) === stolen) await (h.db as Kysely<any>).updateTable('r_also').set({ claimed_by: 'someone-else' }).where('id', '=', stolen!).execute();
        return { result: 'sent', also: { table: 'r_also_log', row: { message: Number(row.id) } } };
      },
    };
    const d = new Dispatcher(h.db, { pollMs: 10, leaseMs: 30_000, batchSize: 100 }).register(queue);
    d.start();
    try {
      await waitFor('the kept outcome', async () => ((await statusCounts(h.db, 'r_also')).Sent === 1 ? true : undefined), 15_000);
    } finally {
      await d.stop();
    }
    const log = await (h.db as Kysely<any>).selectFrom('r_also_log').select('message').execute();
    assert.deepEqual(
      log.map((r) => Number(r.message)),
      [kept],
    );
    assert.deepEqual(await statusCounts(h.db, 'r_also'), { Sent: 1, Processing: 1 }, 'the stolen row is the new claimer’s to finish');
  });
});
