import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { DbHandle } from '../db/index.js';
import { createMessageTable, enqueue, rowsOf, scratchDatabase, type ScratchDatabase } from '../../../test/helpers/dispatch.js';
import { Dispatcher, PermanentFailure, TemporaryFailure, type DispatchQueue } from './index.js';

const settings = { pollMs: 10, leaseMs: 30_000, batchSize: 20 };

function manualClock(startMs = 1_800_000_000_000) {
  let t = startMs;
  return {
    nowMs: () => t,
    advance: (ms: number) => void (t += ms),
    get seconds() {
      return Math.floor(t / 1000);
    },
  };
}

function channel(table: string, handle: DispatchQueue['handle'], retry?: DispatchQueue['retry']): DispatchQueue {
  return { name: table, table, handle, ...(retry ? { retry } : {}) };
}

describe('dispatch outcomes', () => {
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

  it('retries a temporary failure after an exponential backoff, then records it Sent', async () => {
    await createMessageTable(h.db, 'o_retry');
    const clock = manualClock();
    await enqueue(h.db, 'o_retry', 1, { nowS: clock.seconds });
    const keys: string[] = [];
    const d = new Dispatcher(h.db, { ...settings, clock }).register(
      channel(
        'o_retry',
        async (_row, ctx) => {
          keys.push(ctx.idempotencyKey);
          if (ctx.attempt < 3) throw new TemporaryFailure(`busy (attempt ${ctx.attempt})`);
        },
        { baseDelayMs: 1_000 },
      ),
    );

    await d.runOnce();
    let [row] = await rowsOf(h.db, 'o_retry');
    assert.equal(row!.status, 'Queued');
    assert.equal(row!.last_error, 'busy (attempt 1)');
    assert.equal(row!.next_attempt_at, clock.nowMs() + 1_000);
    clock.advance(999);
    assert.equal((await d.runOnce()).claimed, 0, 'waits for the backoff');
    clock.advance(1);
    await d.runOnce();
    [row] = await rowsOf(h.db, 'o_retry');
    assert.equal(row!.next_attempt_at, clock.nowMs() + 2_000, 'the second wait doubles');
    clock.advance(2_000);
    await d.runOnce();
    [row] = await rowsOf(h.db, 'o_retry');
    assert.equal(row!.status, 'Sent');
    assert.equal(row!.attempts, 3);
    assert.equal(row!.last_error, null);
    assert.equal(new Set(keys).size, 1, 'every attempt carries the same idempotency key');
  });

  it('ends Failed when temporary failures reach maxAttempts', async () => {
    await createMessageTable(h.db, 'o_exhaust');
    const clock = manualClock();
    await enqueue(h.db, 'o_exhaust', 1, { nowS: clock.seconds });
    let calls = 0;
    const d = new Dispatcher(h.db, { ...settings, clock }).register(
      channel(
        'o_exhaust',
        async () => {
          calls++;
          return { result: 'retry', error: 'network down', delayMs: 10 };
        },
        { maxAttempts: 3 },
      ),
    );
    for (let i = 0; i < 5; i++) {
      await d.runOnce();
      clock.advance(10);
    }
    const [row] = await rowsOf(h.db, 'o_exhaust');
    assert.equal(row!.status, 'Failed');
    assert.equal(row!.last_error, 'network down (gave up after 3 attempts)');
    assert.equal(calls, 3);
  });

  it('ends Failed at once on a permanent failure, thrown or returned', async () => {
    await createMessageTable(h.db, 'o_perm');
    const [thrown, returned] = await enqueue(h.db, 'o_perm', 2);
    const d = new Dispatcher(h.db, settings).register(
      channel('o_perm', async (row) => {
        if (row.id === thrown) throw new PermanentFailure('invalid address');
        return { result: 'failed', error: 'content rejected', set: { body: 'redacted' } };
      }),
    );
    await d.runOnce();
    assert.equal((await d.runOnce()).claimed, 0, 'nothing left to retry');
    const byId = new Map((await rowsOf(h.db, 'o_perm')).map((r) => [r.id, r]));
    assert.deepEqual([byId.get(thrown!)!.status, byId.get(thrown!)!.last_error, byId.get(thrown!)!.attempts], ['Failed', 'invalid address', 1]);
    assert.deepEqual([byId.get(returned!)!.status, byId.get(returned!)!.last_error, byId.get(returned!)!.body], ['Failed', 'content rejected', 'redacted']);
  });

  it('retries an unexpected error like a temporary one', async () => {
    await createMessageTable(h.db, 'o_bug');
    const clock = manualClock();
    await enqueue(h.db, 'o_bug', 1, { nowS: clock.seconds });
    const d = new Dispatcher(h.db, { ...settings, clock }).register(
      channel('o_bug', async (_row, ctx) => {
        if (ctx.attempt === 1) throw new TypeError('cannot read x of undefined');
      }),
    );
    await d.runOnce();
    assert.equal((await rowsOf(h.db, 'o_bug'))[0]!.status, 'Queued');
    clock.advance(1_000);
    await d.runOnce();
    assert.equal((await rowsOf(h.db, 'o_bug'))[0]!.status, 'Sent');
  });

  it('stop() lets the hand-off in flight finish and record, and claims nothing new', async () => {
    await createMessageTable(h.db, 'o_stop');
    await enqueue(h.db, 'o_stop', 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = 0;
    const d = new Dispatcher(h.db, settings).register(
      channel('o_stop', async () => {
        entered++;
        await gate;
      }),
    );
    d.start();
    while (entered === 0) await sleep(5);
    let stopped = false;
    const stopping = d.stop().then(() => (stopped = true));
    const [late] = await enqueue(h.db, 'o_stop', 1);
    await sleep(50); // several poll intervals: a running loop would claim `late`
    assert.equal(stopped, false, 'stop waits for the hand-off in flight');
    release();
    await stopping;
    const byId = new Map((await rowsOf(h.db, 'o_stop')).map((r) => [r.id, r]));
    assert.equal(entered, 1);
    assert.equal(byId.get(late!)!.status, 'Queued');
    assert.equal([...byId.values()].filter((r) => r.status === 'Sent').length, 1);
  });
});
