import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { pdfFixture } from '../helpers/uploads.js';

function manualClock(startMs = Date.now()) {
  let t = startMs;
  return { nowMs: () => t, advance: (seconds: number) => void (t += seconds * 1000) };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A download's status, its body read to the end: an unread body keeps the connection busy, and closing the server waits for it. */
async function statusOf(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

type Export = { url: string; name: string };

function helpers(server: () => TestServer) {
  const exportOf = async (path: string): Promise<Export> => {
    const r = await server().request('GET', `${path}?filename=mine.csv`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const url: string = r.body.data.url;
    return { url, name: decodeURIComponent(new URL(url).pathname.split('/').pop()!) };
  };
  const stored = (e: Export) => fs.existsSync(path.join(server().dataDir, 'files', e.name));
  const recorded = async (e: Export) => (await server().services.generatedFiles.repo.dateDelete(e.name)) !== undefined;
  const gone = async (e: Export) => !stored(e) && !(await recorded(e));
  return { exportOf, stored, recorded, gone };
}

describe('export expiry (EXPORT_TTL)', () => {
  const clock = manualClock();
  let s: TestServer;
  const { exportOf, stored, recorded, gone } = helpers(() => s);
  before(async () => {
    s = await startServer({ clock, env: { EXPORT_TTL: '10m', EXPORT_SWEEP_INTERVAL: '1' } });
  });
  after(() => s.close());

  it('records every history export with a deletion date EXPORT_TTL ahead', async () => {
    for (const p of ['/v3/sms/history/export', '/v3/post/postcards/history/export', '/v3/post/letters/history/export']) {
      const e = await exportOf(p);
      assert.equal(await s.services.generatedFiles.repo.dateDelete(e.name), Math.floor(clock.nowMs() / 1000) + 600, p);
      assert.equal(await statusOf(e.url), 200, p);
    }
  });

  it("the dispatcher's periodic sweep deletes an expired export's file and row, keeps the others, and its URL answers 404", async () => {
    const old = await exportOf('/v3/sms/history/export');
    clock.advance(300);
    const young = await exportOf('/v3/sms/history/export');
    clock.advance(301); // old is past its 600 s, young is not
    await until(() => gone(old), 'the expired export to be swept');
    const res = await fetch(old.url);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { http_code: 404, response_code: 'NOT_FOUND', response_msg: `No such file: ${old.name}.`, data: null });
    assert.ok(stored(young) && (await recorded(young)), 'an export that has not expired stays');
    assert.equal(await statusOf(young.url), 200);
  });
});

describe('export expiry between sweeps and across restarts', () => {
  const clock = manualClock();
  let s: TestServer;
  const { exportOf, stored, gone } = helpers(() => s);
  before(async () => {
    // An interval far longer than the test: only the sweep at dispatcher start can delete anything.
    s = await startServer({ clock, env: { EXPORT_TTL: '10m', EXPORT_SWEEP_INTERVAL: '24h' } });
  });
  after(() => s.close());

  it('answers 404 for an expired export at once, before any sweep has deleted it', async () => {
    const e = await exportOf('/v3/sms/history/export');
    clock.advance(599);
    assert.equal(await statusOf(e.url), 200);
    clock.advance(1);
    const res = await fetch(e.url);
    assert.equal(res.status, 404);
    assert.equal((await res.json()).response_code, 'NOT_FOUND');
    assert.ok(stored(e), 'still on disk: the sweep has not run');
  });

  it('sweeps as soon as a dispatcher starts, so exports that expired while none ran go at once', async () => {
    const e = await exportOf('/v3/post/postcards/history/export');
    await s.services.dispatcher.stop();
    clock.advance(601);
    assert.ok(stored(e), 'nothing is deleted while no dispatcher runs');
    s.services.dispatcher.start();
    await until(() => gone(e), 'the sweep at dispatcher start');
  });

  it('gives uploads no export deadline: they keep their own UPLOAD_TTL', async () => {
    const u = await s.request('POST', '/v3/uploads?convert=post', { body: { content: (await pdfFixture(1)).toString('base64') } });
    assert.equal(u.status, 200, JSON.stringify(u.body));
    assert.equal(await s.services.generatedFiles.repo.dateDelete(u.body.data.file_name), undefined);
    clock.advance(3600);
    assert.equal(await statusOf(u.body.data._url), 200);
  });
});

describe('EXPORT_TTL setting', () => {
  it('defaults to a day', async () => {
    const { loadConfig } = await import('../../src/config/index.js');
    assert.equal(loadConfig({}).exports.ttlSeconds, 86_400);
    assert.equal(loadConfig({ EXPORT_TTL: '7d' }).exports.ttlSeconds, 7 * 86_400);
    assert.throws(() => loadConfig({ EXPORT_TTL: 'soon' }), /EXPORT_TTL/);
  });
});
