import assert from 'node:assert/strict';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, postgresUrl } from '../helpers/database.js';
import { freePort, runCli } from '../helpers/process.js';

describe('sendbox serve on a busy port', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let dropDb: (() => Promise<void>) | undefined;
  let holder: net.Server;
  let busy: number;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-busy-'));
    env = { DATA_DIR: dataDir, HOST: '127.0.0.1' };
    if (postgresUrl) {
      const db = await createTestDatabase(postgresUrl);
      env.DATABASE_URL = db.url;
      dropDb = db.drop;
    }
    holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    busy = (holder.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => holder.close(resolve));
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one line naming the port and the settings to change, exits 1, and keeps the first account for the next start', async () => {
    const r = runCli(['serve'], { ...env, PORT: String(busy) });
    assert.equal(await r.exited, 1);
    const lines = r
      .output()
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('sendbox: ')); // the launcher's note when it runs the sources
    assert.deepEqual(lines, [`port ${busy} on 127.0.0.1 is already in use: stop what holds it, or set PORT (or HOST) to another value`]);

    // The failed start created no account, so the first start on a free port still shows the credentials.
    const port = await freePort();
    const ok = runCli(['serve'], { ...env, PORT: String(port) });
    try {
      await ok.waitFor(/username:\s+sendbox\n\s+API key:\s+\S+\n\s+password:\s+\S+/);
    } finally {
      ok.child.kill('SIGTERM');
      await ok.exited;
    }
  });

  it('on a busy SMTP port prints one warning line and serves the API without the listener; on a free one it greets', async () => {
    const apiPort = await freePort();
    const r = runCli(['serve'], { ...env, PORT: String(apiPort), SMTP_LISTEN_PORT: String(busy) });
    try {
      await r.waitFor(/Sendbox is (ready|listening)/);
      const res = await fetch(`http://127.0.0.1:${apiPort}/healthz`);
      assert.equal(res.status, 200, 'the API runs on');
      const warnings = r
        .output()
        .split('\n')
        .filter((l) => /SMTP/.test(l));
      assert.deepEqual(warnings, [`warning: SMTP port ${busy} on 127.0.0.1 is already in use: email-to-SMS is off; set SMTP_LISTEN_PORT to another port (0 turns it off)`]);
    } finally {
      r.child.kill('SIGTERM');
      await r.exited;
    }

    const smtpPort = await freePort();
    const ok = runCli(['serve'], { ...env, PORT: String(await freePort()), SMTP_LISTEN_PORT: String(smtpPort) });
    try {
      await ok.waitFor(/Sendbox is (ready|listening)/);
      const greeting = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(smtpPort, '127.0.0.1');
        socket.once('data', (d) => {
          resolve(d.toString());
          socket.end();
        });
        socket.once('error', reject);
      });
      assert.match(greeting, /^220 .*Sendbox email-to-SMS/);
      assert.doesNotMatch(ok.output(), /SMTP port/);
    } finally {
      ok.child.kill('SIGTERM');
      assert.equal(await ok.exited, 0, 'SIGTERM closes the listener and exits cleanly');
    }
  });
});
