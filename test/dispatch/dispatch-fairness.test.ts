import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DbHandle } from '../../src/core/db/index.js';
import { Dispatcher, type DispatchQueue } from '../../src/core/dispatch/index.js';
import { createMessageTable, enqueue, statusCounts, scratchDatabase, type ScratchDatabase } from '../helpers/dispatch.js';
import { waitFor } from '../helpers/post.js';

/**
 * A channel whose hand-off waits on a gate the test opens (the knob): a provider that hangs. `entered`
 * resolves once the first hand-off is inside the provider.
 */
function gatedChannel(table: string) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const channel: DispatchQueue = {
    name: table,
    table,
    async handle() {
      entered();
      await gate;
    },
  };
  return { channel, open, inside };
}

const sentCount = async (db: DbHandle['db'], table: string) => (await statusCounts(db, table)).Sent ?? 0;

describe('dispatcher fairness between channels', () => {
  let scratch: ScratchDatabase;
  let h: DbHandle;
  before(async () => {
    scratch = await scratchDatabase();
    h = scratch.open();
    await createMessageTable(h.db, 'm_hanging');
    await createMessageTable(h.db, 'm_quick');
  });
  after(async () => {
    await h.close();
    await scratch.drop();
  });

  it("hands off another channel's messages while one channel's hand-off hangs", async () => {
    const slow = gatedChannel('m_hanging');
    const quick: DispatchQueue = { name: 'm_quick', table: 'm_quick', handle: async () => undefined };
    const d = new Dispatcher(h.db, { pollMs: 10, leaseMs: 30_000, batchSize: 20 }).register(slow.channel).register(quick);
    d.start();
    try {
      await enqueue(h.db, 'm_hanging', 1);
      await slow.inside;
      // Queued after the hanging hand-off began: with one shared round these waited for the gate.
      await enqueue(h.db, 'm_quick', 5);
      const sent = await waitFor('the quick channel to send', async () => ((await sentCount(h.db, 'm_quick')) === 5 ? 5 : undefined), 15_000);
      assert.equal(sent, 5);
      assert.deepEqual(await statusCounts(h.db, 'm_hanging'), { Processing: 1 }, 'the hanging hand-off is still in flight');
    } finally {
      slow.open();
      await d.stop();
    }
    // stop() waited for the hanging hand-off and recorded its outcome.
    assert.deepEqual(await statusCounts(h.db, 'm_hanging'), { Sent: 1 });
  });
});
