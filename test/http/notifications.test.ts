import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

async function waitForEml(dir: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    if (files.length > 0) return files[0]!;
    if (Date.now() > deadline) throw new Error(`no .eml in ${dir}`);
    await sleep(20);
  }
}

describe('system emails over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('PUT /v3/forgot-password queues an email that the dispatcher writes to the outbox with a working token', async () => {
    const r = await s.request('PUT', '/v3/forgot-password', { as: null, body: { username: s.owner.username } });
    assert.equal(r.status, 200);
    assert.equal(r.body.response_code, 'SUCCESS');

    const outbox = path.join(s.dataDir, 'outbox');
    const file = await waitForEml(outbox);
    const eml = fs.readFileSync(path.join(outbox, file), 'utf8');
    assert.match(eml, /^To: owner@example\.com$/m);
    assert.match(eml, /^Subject: Reset your Sendbox password$/m);
    const subaccountId = Number(/subaccount_id: (\d+)/.exec(eml)?.[1]);
    const token = /activation_token: ([A-Za-z0-9_-]+)/.exec(eml)?.[1];
    assert.ok(subaccountId > 0 && token, 'the email carries the subaccount id and the token');

    const row = await s.dbh.db.selectFrom('system_emails').selectAll().executeTakeFirstOrThrow();
    assert.equal(file, `${row.message_id}.eml`);
    assert.equal(row.claimed_by, s.services.dispatcher.id, 'delivered by the dispatcher');

    const verify = await s.request('PUT', '/v3/forgot-password/verify', {
      as: null,
      body: { subaccount_id: subaccountId, activation_token: token, password: 'A-new-passw0rd-2026' },
    });
    assert.equal(verify.status, 200, JSON.stringify(verify.body));
    assert.equal(verify.body.response_code, 'SUCCESS');
  });
});
