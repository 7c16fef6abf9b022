import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, postgresUrl } from '../helpers/database.js';
import { freePort, runCli } from '../helpers/process.js';
import { basicAuth } from '../helpers/server.js';

describe('sendbox CLI', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let dropDb: (() => Promise<void>) | undefined;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-cli-'));
    env = { DATA_DIR: dataDir };
    if (postgresUrl) {
      const db = await createTestDatabase(postgresUrl);
      env.DATABASE_URL = db.url;
      dropDb = db.drop;
    }
  });
  after(async () => {
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serve: the first start prints working credentials once; the next start prints only the URL', async () => {
    const port = await freePort();
    const first = runCli(['serve'], { ...env, PORT: String(port) });
    try {
      const m = await first.waitFor(/username:\s+(\S+)\n\s+API key:\s+(\S+)/);
      const [, username, apiKey] = m;
      assert.match(first.output(), new RegExp(`base URL:\\s+http://127.0.0.1:${port}/v3`));
      assert.match(first.output(), /data:\s+\S+/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
      const me = await fetch(`http://127.0.0.1:${port}/v3/account`, { headers: { authorization: basicAuth(username!, apiKey!) } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as any).data.username, username);
    } finally {
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0, 'SIGTERM stops the server cleanly');
    }

    const second = runCli(['serve'], { ...env, PORT: String(port) });
    try {
      await second.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+\/v3/);
      assert.doesNotMatch(second.output(), /API key/);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('migrate and account create work on the same data', async () => {
    const m = runCli(['migrate'], env);
    assert.equal(await m.exited, 0, m.output());
    assert.match(m.output(), /migrations are up to date/);
    const a = runCli(['account', 'create', '--username', 'cli-made', '--email', 'cli@example.com', '--country', 'NZ'], env);
    assert.equal(await a.exited, 0, a.output());
    assert.match(a.output(), /username: cli-made\nAPI key:\s+[0-9A-F-]{36}/);
    const dup = runCli(['account', 'create', '--username', 'cli-made', '--email', 'cli@example.com'], env);
    assert.equal(await dup.exited, 1);
    assert.match(dup.output(), /already taken/);
  });

  it('stops with a clear message on a bad configuration value', async () => {
    const r = runCli(['serve'], { ...env, PORT: 'eighty' });
    assert.equal(await r.exited, 1);
    assert.match(r.output(), /configuration error: PORT must be a whole number, got "eighty"/);
    const s = runCli(['serve'], { ...env, SIGNUP: 'maybe' });
    assert.equal(await s.exited, 1);
    assert.match(s.output(), /SIGNUP must be open or closed/);
  });
});
