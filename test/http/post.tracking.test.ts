import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../helpers/server.js';
import { a4Letter, money, postcardPdf, recipient, type FileServer } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';

const STEP = 60_000;

/**
 * Tracking after the print hand-off, step by step: the dispatcher is not started (DISPATCH=0) and the clock is the
 * test's, so each hand-off and each tracking stage happens exactly when the test says (POST_TRACKING_STEP_MS apart).
 */
describe('post tracking through the simulated postal network', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  let t = Date.UTC(2030, 0, 1, 9, 0, 0);
  const clock = { nowMs: () => t };
  const advance = (ms: number) => void (t += ms);
  const dispatch = async () => {
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
  };
  const sweep = () => s.services.postTrackingSweep!.runOnce();
  const sendCards = async (...recipients: Record<string, unknown>[]): Promise<string[]> => {
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data.recipients.map((x: any) => x.message_id);
  };
  const history = async (product: 'postcards' | 'letters', id: string) => {
    const h = await s.request('GET', `/v3/post/${product}/history?limit=100`);
    assert.equal(h.status, 200, JSON.stringify(h.body));
    return h.body.data.data.find((x: any) => x.message_id === id);
  };
  const card = (id: string) => history('postcards', id);
  const journey = (item: any) => [item.status, item._tracking_stage, item._tracking_events.map((e: any) => [e.stage, e.date])];

  before(async () => {
    ({ s, files, ra } = await startPostSuite({ '/card.pdf': await postcardPdf(), '/letter.pdf': await a4Letter(1) }, { DISPATCH: '0', POST_TRACKING_STEP_MS: String(STEP) }, { clock }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('takes a card Queued → Sent → Printed → In transit → Delivered, each stage dated, status staying Sent', async () => {
    const [id] = await sendCards(recipient(ra));
    const queued = await card(id!);
    assert.deepEqual(journey(queued), ['Queued', null, []]);
    assert.equal(queued._status_note, null);

    await dispatch();
    const handedOff = Math.floor(t / 1000);
    const sent = await card(id!);
    assert.deepEqual(journey(sent), ['Sent', null, []]);
    assert.match(sent.message_id_supplier, /^print\/2030-01-01\//);
    assert.equal(await sweep(), 1, 'asks the network at once; nothing has happened yet');
    assert.deepEqual(journey(await card(id!)), ['Sent', null, []]);

    advance(STEP - 1_000);
    assert.equal(await sweep(), 0, 'nothing due before the step');
    advance(1_000);
    assert.equal(await sweep(), 1);
    assert.deepEqual(journey(await card(id!)), ['Sent', 'Printed', [['Printed', handedOff + 60]]]);
    advance(STEP);
    await sweep();
    assert.deepEqual(journey(await card(id!)), [
      'Sent',
      'In transit',
      [
        ['Printed', handedOff + 60],
        ['In transit', handedOff + 120],
      ],
    ]);
    advance(STEP);
    await sweep();
    const delivered = await card(id!);
    assert.deepEqual(journey(delivered), [
      'Sent',
      'Delivered',
      [
        ['Printed', handedOff + 60],
        ['In transit', handedOff + 120],
        ['Delivered', handedOff + 180],
      ],
    ]);

    advance(100 * STEP);
    assert.equal(await sweep(), 0, 'the journey is over: nothing more to ask');
    assert.deepEqual(await card(id!), delivered);
  });

  it('returns the sandbox postcode 00000 to sender; stages missed while no sweep ran arrive together, each dated when it happened', async () => {
    const before = await money(s);
    const [id] = await sendCards(recipient(ra, { address_postal_code: '00000' }));
    assert.equal(before.balance - (await money(s)).balance, 2_950_000, 'printed and posted, so charged like any card');
    await dispatch();
    const handedOff = Math.floor(t / 1000);
    advance(10 * STEP);
    assert.equal(await sweep(), 1);
    assert.deepEqual(journey(await card(id!)), [
      'Sent',
      'Returned to sender',
      [
        ['Printed', handedOff + 60],
        ['In transit', handedOff + 120],
        ['Returned to sender', handedOff + 180],
      ],
    ]);
  });

  it('shows a test postcode as status Test with a note: not charged, not printed, never tracked', async () => {
    const before = await money(s);
    const [id] = await sendCards(recipient(ra, { address_postal_code: '22222' }));
    assert.deepEqual(await money(s), before, 'not charged');
    assert.equal((await card(id!)).status, 'Queued', 'waits like any card until its hand-off');
    await dispatch();
    advance(10 * STEP);
    assert.equal(await sweep(), 0);
    const test = await card(id!);
    assert.deepEqual(journey(test), ['Test', null, []]);
    assert.equal(test._status_note, 'Test postcode 22222: accepted and completed, but never printed, posted or charged.');
    assert.equal(test.message_id_supplier, null);
    const printed = fs.readdirSync(path.join(s.dataDir, 'print'), { recursive: true }).map(String);
    assert.ok(printed.length > 0, 'other cards were printed');
    assert.ok(!printed.some((f) => f.includes(id!)), 'no print file for the test card');
    // The export prints the status history shows.
    const e = await s.request('GET', '/v3/post/postcards/history/export?filename=t.csv');
    const csv = await (await fetch(e.body.data.url)).text();
    assert.match(csv, new RegExp(`^${id},\\d+,\\d+,Test,`, 'm'));
  });

  it('never tracks a cancelled card', async () => {
    const [id] = await sendCards(recipient(ra));
    assert.equal((await s.request('PUT', `/v3/post/postcards/${id}/cancel`)).status, 200);
    await dispatch();
    advance(10 * STEP);
    await sweep();
    assert.deepEqual(journey(await card(id!)), ['Cancelled', null, []]);
  });

  it('records each event once when two sweeps run at the same time, at every stage', async () => {
    const ids = await sendCards(...Array.from({ length: 6 }, () => recipient(ra)));
    await dispatch();
    const handedOff = Math.floor(t / 1000);
    await Promise.all([sweep(), sweep()]);
    for (const k of [1, 2, 3]) {
      advance(STEP);
      const [a, b] = await Promise.all([sweep(), sweep()]);
      assert.equal(a + b, ids.length, `stage ${k}: each card written by one of the two sweeps`);
    }
    for (const id of ids) {
      assert.deepEqual(journey(await card(id)), [
        'Sent',
        'Delivered',
        [
          ['Printed', handedOff + 60],
          ['In transit', handedOff + 120],
          ['Delivered', handedOff + 180],
        ],
      ]);
    }
  });

  it('tracks letters the same way, in letter history', async () => {
    const r = await s.request('POST', '/v3/post/letters/send', { body: { file_url: files.url('/letter.pdf'), recipients: [recipient(ra)] } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const id = r.body.data.recipients[0].message_id;
    assert.deepEqual(journey(await history('letters', id)), ['Queued', null, []]);
    await dispatch();
    const handedOff = Math.floor(t / 1000);
    advance(STEP);
    await sweep();
    assert.deepEqual(journey(await history('letters', id)), ['Sent', 'Printed', [['Printed', handedOff + 60]]]);
    advance(2 * STEP);
    await sweep();
    const letter = await history('letters', id);
    assert.equal(letter._tracking_stage, 'Delivered');
    assert.deepEqual(
      letter._tracking_events.map((e: any) => e.stage),
      ['Printed', 'In transit', 'Delivered'],
    );
    assert.equal(letter.status, 'Sent');
  });
});

describe('post tracking switched off (POST_TRACKING=0)', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({ '/card.pdf': await postcardPdf() }, { DISPATCH: '0', POST_TRACKING: '0' }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('registers no tracking sweep, and history shows no stage and no events after the hand-off', async () => {
    assert.equal(s.services.postTrackingSweep, null);
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra)] } });
    const id = r.body.data.recipients[0].message_id;
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    const h = (await s.request('GET', '/v3/post/postcards/history')).body.data.data.find((x: any) => x.message_id === id);
    assert.deepEqual([h.status, h._tracking_stage, h._tracking_events, h._status_note], ['Sent', null, [], null]);
  });
});
