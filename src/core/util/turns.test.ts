import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapInTurns } from './turns.js';

describe('mapInTurns', () => {
  it('maps in order, awaiting each item', async () => {
    assert.deepEqual(await mapInTurns([1, 2, 3], async (n, i) => n * 10 + i), [10, 21, 32]);
  });

  it('lets the event loop turn between batches of items, so other work runs before a long map ends', async () => {
    const seen: number[] = [];
    let mappedWhenTurned = -1;
    setImmediate(() => (mappedWhenTurned = seen.length));
    await mapInTurns(
      Array.from({ length: 40 }, (_, i) => i),
      async (n) => void seen.push(n),
      16,
    );
    assert.equal(mappedWhenTurned, 16, 'the queued callback ran after the first 16 items, not after all 40');
  });
});
