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

type Upload = { _url: string; file_name: string; date_added: number; date_delete: number };

function helpers(server: () => TestServer) {
  const upload = async (): Promise<Upload> => {
    const r = await server().request('POST', '/v3/uploads?convert=post', { body: { content: (await pdfFixture(1)).toString('base64') } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data;
  };
  const stored = (name: string) => fs.existsSync(path.join(server().dataDir, 'files', name));
  const gone = async (u: Upload) => !stored(u.file_name) && (await server().services.uploads.repo.findByFileName(u.file_name)) === undefined && (await fetch(u._url)).status === 404;
  return { upload, stored, gone };
}

describe('upload expiry', () => {
  const clock = manualClock();
  let s: TestServer;
  const { upload, stored, gone } = helpers(() => s);

  before(async () => {
    s = await startServer({ clock, env: { UPLOAD_TTL: '10m', UPLOAD_SWEEP_INTERVAL: '1' } });
  });
  after(() => s.close());

  it('sets date_delete UPLOAD_TTL after date_added', async () => {
    const u = await upload();
    assert.equal(u.date_delete - u.date_added, 600);
  });

  it("the dispatcher's periodic sweep deletes an expired upload's file and row, and keeps the others", async () => {
    const old = await upload();
    clock.advance(300);
    const young = await upload();
    assert.ok(stored(old.file_name) && stored(young.file_name));
    clock.advance(301); // old is past its 600 s, young is not
    await until(() => gone(old), 'the expired upload to be swept');
    assert.ok(stored(young.file_name), 'an upload that has not expired stays');
    assert.equal((await fetch(young._url)).status, 200);
    assert.ok(await s.services.uploads.repo.findByFileName(young.file_name));
  });
});

describe('upload expiry across restarts', () => {
  const clock = manualClock();
  let s: TestServer;
  const { upload, stored, gone } = helpers(() => s);
  before(async () => {
    // An interval far longer than the test: only the sweep at dispatcher start can delete anything.
    s = await startServer({ clock, env: { UPLOAD_TTL: '10m', UPLOAD_SWEEP_INTERVAL: '24h' } });
  });
  after(() => s.close());

  it('sweeps as soon as a dispatcher starts, so uploads that expired while none ran go at once', async () => {
    const u = await upload();
    await s.services.dispatcher.stop();
    clock.advance(601);
    assert.ok(stored(u.file_name), 'nothing is deleted while no dispatcher runs');
    s.services.dispatcher.start();
    await until(() => gone(u), 'the sweep at dispatcher start');
  });

  it('is idempotent: a file another process already deleted does not stop the row going', async () => {
    const u = await upload();
    clock.advance(601);
    await s.services.files.delete(u.file_name);
    assert.equal(await s.services.uploads.sweepExpired(), 1);
    assert.equal(await s.services.uploads.repo.findByFileName(u.file_name), undefined);
    assert.equal(await s.services.uploads.sweepExpired(), 0);
  });
});
