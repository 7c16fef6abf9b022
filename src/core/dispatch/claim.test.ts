import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { DbHandle } from '../db/index.js';
import { createMessageTable, enqueue, rowsOf, scratchDatabase, type ScratchDatabase } from '../../../test/helpers/dispatch.js';
import { Dispatcher, claimDue, recordOutcome, type DispatchQueue } from './index.js';

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

/** A channel that records which dispatcher handed off which row. */
function recordingQueue(table: string, seen: Array<{ id: number; by: string }>, handle?: DispatchQueue['handle']): DispatchQueue {
  return {
    name: table,
    table,
    async handle(row, ctx) {
      seen.push({ id: Number(row.id), by: ctx.dispatcherId });
      return handle?.(row, ctx);
    },
  };
}

describe('dispatch claims', () => {
  let scratch: ScratchDatabase;
  let a: DbHandle;
  let b: DbHandle;
  before(async () => {
    scratch = await scratchDatabase();
    a = scratch.open();
    b = scratch.open(); // a second connection (pool), as a second process would have
  });
  after(async () => {
    await a.close();
    await b.close();
    await scratch.drop();
  });

  it('never hands the same row to two dispatchers sharing one database', async () => {
    await createMessageTable(a.db, 'm_atomic');
    const ids = await enqueue(a.db, 'm_atomic', 400);
    const seen: Array<{ id: number; by: string }> = [];
    const slow: DispatchQueue['handle'] = async () => void (await sleep(1));
    const dispatchers = [
      new Dispatcher(a.db, settings).register(recordingQueue('m_atomic', seen, slow)),
      new Dispatcher(b.db, settings).register(recordingQueue('m_atomic', seen, slow)),
      new Dispatcher(a.db, settings).register(recordingQueue('m_atomic', seen, slow)),
    ];
    await Promise.all(
      dispatchers.map(async (d) => {
        while ((await d.runOnce()).claimed > 0);
      }),
    );

    assert.equal(seen.length, ids.length, 'each row handed off exactly once');
    assert.deepEqual(new Set(seen.map((s) => s.id)), new Set(ids));
    const rows = await rowsOf(a.db, 'm_atomic');
    assert.ok(rows.every((r) => r.status === 'Sent' && r.attempts === 1));
    for (const d of dispatchers)
      assert.ok(
        seen.some((s) => s.by === d.id),
        `${d.id} claimed some rows`,
      );
    for (const r of rows) assert.equal(r.claimed_by, seen.find((s) => s.id === r.id)!.by);
  });

  it('leaves a scheduled message alone until its time has come', async () => {
    await createMessageTable(a.db, 'm_sched');
    const clock = manualClock();
    const [id] = await enqueue(a.db, 'm_sched', 1, { nowS: clock.seconds, scheduleAt: clock.seconds + 60 });
    const seen: Array<{ id: number; by: string }> = [];
    const d = new Dispatcher(a.db, { ...settings, clock }).register(recordingQueue('m_sched', seen));

    assert.equal((await d.runOnce()).claimed, 0);
    clock.advance(59_000);
    assert.equal((await d.runOnce()).claimed, 0);
    assert.equal((await rowsOf(a.db, 'm_sched'))[0]!.status, 'Scheduled');
    clock.advance(1_000);
    assert.equal((await d.runOnce()).claimed, 1);
    assert.deepEqual(
      seen.map((s) => s.id),
      [id],
    );
    assert.equal((await rowsOf(a.db, 'm_sched'))[0]!.status, 'Sent');
  });

  it('cancels a message before its claim, and refuses once it is claimed or in another scope', async () => {
    await createMessageTable(a.db, 'm_cancel');
    const [claimed] = await enqueue(a.db, 'm_cancel', 1, { accountId: 7 });
    // Another dispatcher holds the oldest row.
    const taken = await claimDue(b.db, { table: 'm_cancel', dispatcherId: 'other', nowMs: Date.now(), leaseMs: 60_000, limit: 1 });
    assert.deepEqual(
      taken.map((r) => r.id),
      [claimed],
    );
    const [early, inFlight, foreign] = await enqueue(a.db, 'm_cancel', 3, { accountId: 7 });
    const seen: Array<{ id: number; by: string }> = [];
    const d = new Dispatcher(a.db, settings);
    let cancelDuringHandOff: boolean | undefined;
    d.register(
      recordingQueue('m_cancel', seen, async (row) => {
        if (row.id === inFlight) cancelDuringHandOff = await d.cancel('m_cancel', inFlight!, { account_id: 7 });
      }),
    );

    assert.equal(await d.cancel('m_cancel', early!, { account_id: 7 }), true);
    assert.equal(await d.cancel('m_cancel', foreign!, { account_id: 8 }), false, 'another account cannot cancel it');
    assert.equal(await d.cancel('m_cancel', claimed!, { account_id: 7 }), false, 'a claimed message cannot be cancelled');
    await d.runOnce();

    assert.equal(cancelDuringHandOff, false, 'cancel during the hand-off loses');
    const byId = new Map((await rowsOf(a.db, 'm_cancel')).map((r) => [r.id, r]));
    assert.equal(byId.get(early!)!.status, 'Cancelled');
    assert.equal(byId.get(inFlight!)!.status, 'Sent');
    assert.equal(byId.get(claimed!)!.status, 'Processing');
    assert.equal(byId.get(foreign!)!.status, 'Sent');
    assert.deepEqual(seen.map((s) => s.id).sort(), [inFlight, foreign].sort(), 'a cancelled message is never handed off');
  });

  it('claims a row again once its lease expired, and fences off the lost claim', async () => {
    await createMessageTable(a.db, 'm_lease');
    const clock = manualClock();
    const [id] = await enqueue(a.db, 'm_lease', 1, { nowS: clock.seconds });
    const crashed = await claimDue(b.db, { table: 'm_lease', dispatcherId: 'crashed', nowMs: clock.nowMs(), leaseMs: 5_000, limit: 10 });
    assert.deepEqual(
      crashed.map((r) => r.id),
      [id],
    );

    const seen: Array<{ id: number; by: string }> = [];
    const d = new Dispatcher(a.db, { ...settings, clock }).register(recordingQueue('m_lease', seen));
    clock.advance(4_999);
    assert.equal((await d.runOnce()).claimed, 0, 'not while the lease holds');
    clock.advance(2);
    assert.equal((await d.runOnce()).claimed, 1);
    const [row] = await rowsOf(a.db, 'm_lease');
    assert.equal(row!.status, 'Sent');
    assert.equal(row!.claimed_by, d.id);
    assert.equal(row!.attempts, 2);

    const late = await recordOutcome(b.db, 'm_lease', { id: id!, dispatcherId: 'crashed', attempts: 1 }, { status: 'Failed', last_error: 'late' });
    assert.equal(late, false);
    assert.equal((await rowsOf(a.db, 'm_lease'))[0]!.status, 'Sent');
  });

  it('gives up on a message whose hand-off keeps losing its dispatcher, without calling the handler again', async () => {
    await createMessageTable(a.db, 'm_poison');
    const clock = manualClock();
    await enqueue(a.db, 'm_poison', 1, { nowS: clock.seconds });
    for (let i = 0; i < 3; i++) {
      assert.equal((await claimDue(b.db, { table: 'm_poison', dispatcherId: `crash${i}`, nowMs: clock.nowMs(), leaseMs: 1_000, limit: 1 })).length, 1);
      clock.advance(1_001);
    }
    const seen: Array<{ id: number; by: string }> = [];
    const channel = { ...recordingQueue('m_poison', seen), retry: { maxAttempts: 3 } };
    await new Dispatcher(a.db, { ...settings, clock }).register(channel).runOnce();
    const [row] = await rowsOf(a.db, 'm_poison');
    assert.equal(row!.status, 'Failed');
    assert.match(row!.last_error!, /gave up: lease expired on 3 claims/);
    assert.equal(seen.length, 0);
  });

  it('a running dispatcher renews the lease of a slow hand-off, so nobody claims it meanwhile', async () => {
    await createMessageTable(a.db, 'm_renew');
    await enqueue(a.db, 'm_renew', 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = false;
    const seen: Array<{ id: number; by: string }> = [];
    const holder = new Dispatcher(a.db, { ...settings, leaseMs: 300 }).register(
      recordingQueue('m_renew', seen, async () => {
        entered = true;
        await gate;
      }),
    );
    holder.start();
    while (!entered) await sleep(5);
    const rival = new Dispatcher(b.db, { ...settings, leaseMs: 300 }).register(recordingQueue('m_renew', seen));
    for (let i = 0; i < 20; i++) {
      assert.equal((await rival.runOnce()).claimed, 0);
      await sleep(50); // 1 s in all: three lease lengths
    }
    release();
    await holder.stop();
    assert.equal(seen.length, 1);
    assert.equal((await rowsOf(a.db, 'm_renew'))[0]!.status, 'Sent');
  });
});
