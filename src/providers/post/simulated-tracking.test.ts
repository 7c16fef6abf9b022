import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedPostTracking } from './simulated-tracking.js';
import type { TrackedItem } from './types.js';

const HANDED_OFF = Date.UTC(2030, 0, 1, 9, 0, 0);
const STEP = 60_000;
const item = (over: Partial<TrackedItem> = {}): TrackedItem => ({
  messageId: 'A1B2C3D4-0000-0000-0000-000000000000',
  product: 'postcard',
  reference: 'print/2030-01-01/A1B2C3D4.pdf',
  country: 'AU',
  postalCode: '6000',
  handedOffAtMs: HANDED_OFF,
  known: [],
  ...over,
});
const s = (ms: number) => Math.floor(ms / 1000);

describe('SimulatedPostTracking', () => {
  const network = new SimulatedPostTracking(STEP);

  it('reports nothing before the first step, and says when to ask again', async () => {
    assert.deepEqual(await network.track(item(), { nowMs: HANDED_OFF + STEP - 1 }), { events: [], nextCheckAtMs: HANDED_OFF + STEP });
  });

  it('moves an ordinary item Printed → In transit → Delivered, one stage per step, then is done', async () => {
    const first = await network.track(item(), { nowMs: HANDED_OFF + STEP });
    assert.deepEqual(first, { events: [{ stage: 'Printed', date: s(HANDED_OFF + STEP) }], nextCheckAtMs: HANDED_OFF + 2 * STEP });
    const rest = await network.track(item({ known: first.events }), { nowMs: HANDED_OFF + 3 * STEP });
    assert.deepEqual(rest, {
      events: [
        { stage: 'In transit', date: s(HANDED_OFF + 2 * STEP) },
        { stage: 'Delivered', date: s(HANDED_OFF + 3 * STEP) },
      ],
      nextCheckAtMs: null,
    });
  });

  it('gives a late question every missed stage dated when it happened, and the same answer when asked twice', async () => {
    const late = { nowMs: HANDED_OFF + 100 * STEP };
    const a = await network.track(item(), late);
    assert.deepEqual(
      a.events.map((e) => [e.stage, e.date]),
      [
        ['Printed', s(HANDED_OFF + STEP)],
        ['In transit', s(HANDED_OFF + 2 * STEP)],
        ['Delivered', s(HANDED_OFF + 3 * STEP)],
      ],
    );
    assert.deepEqual(await network.track(item(), late), a);
  });

  it('returns an item to sender for the sandbox postcode 00000 (spaces around it ignored)', async () => {
    const r = await network.track(item({ postalCode: ' 00000 ' }), { nowMs: HANDED_OFF + 3 * STEP });
    assert.deepEqual(
      r.events.map((e) => e.stage),
      ['Printed', 'In transit', 'Returned to sender'],
    );
    assert.equal(r.nextCheckAtMs, null);
  });
});
