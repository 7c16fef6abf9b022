import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it('never runs more than its size at once, and runs every task', async () => {
    const slots = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const task = (i: number) =>
      slots.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
        done.push(i);
        if (i === 3) throw new Error('a failing task frees its slot too');
      });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => task(i)));
    assert.equal(peak, 2);
    assert.equal(done.length, 8);
    assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
    // A newcomer after the burst still gets a slot at once.
    assert.equal(await slots.run(async () => 'ok'), 'ok');
  });
});
