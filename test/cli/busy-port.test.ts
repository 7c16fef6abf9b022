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
});
