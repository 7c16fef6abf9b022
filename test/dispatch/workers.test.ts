import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { connect, migrateToLatest, type DbHandle } from '../../src/core/db/index.js';
import { systemClock } from '../../src/core/util/clock.js';
import { NotificationsService } from '../../src/modules/notifications/index.js';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, postgresUrl } from '../helpers/database.js';
import { CLI, killAll, startReadyChild, type ReadyChild } from '../helpers/process.js';

const N = 1_000;

/** Starts `sendbox worker` and resolves with the dispatcher id it logs once running. */
function startWorker(env: Record<string, string>): Promise<ReadyChild> {
  return startReadyChild([CLI, 'worker'], env, 'sendbox worker', (out) => {
    for (const line of out.split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { worker?: string };
      if (entry.worker) return entry.worker;
    }
    return undefined;
  });
}

describe('two `sendbox worker` processes sharing one PostgreSQL database', {
  skip: postgresUrl ? false : 'needs PostgreSQL: set DATABASE_URL (SQLite has a single writer, scale-out is PostgreSQL only)',
}, () => {
  let pgdb: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let h: DbHandle;
  const workers: ReadyChild[] = [];
  before(async () => {
    pgdb = await createTestDatabase(postgresUrl!);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-workers-'));
    h = connect({ databaseUrl: pgdb.url, dataDir });
    await migrateToLatest(h.db, migrations);
  });
  after(async () => {
    killAll(workers);
    await h?.close();
    await pgdb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('share the queue: every email written once, every row Sent after one claim, both workers claimed some', async (t) => {
    const env = { DATABASE_URL: pgdb.url, DATA_DIR: dataDir, LOG_LEVEL: 'info', DISPATCH_POLL_MS: '20', DISPATCH_BATCH: '25' };
    workers.push(...(await Promise.all([startWorker(env), startWorker(env)])));
    assert.notEqual(workers[0]!.id, workers[1]!.id);

    const notifications = new NotificationsService(h.db, systemClock);
    const t0 = Date.now();
    for (let i = 0; i < N; i++) await notifications.email({ accountId: 1, to: `user${i}@example.com`, subject: `message ${i}`, text: `body ${i}\n` });
    for (;;) {
      const left = await h.db
        .selectFrom('system_emails')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '!=', 'Sent')
        .executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      if (Date.now() - t0 > 120_000) throw new Error(`${left.n} emails still not Sent`);
      await sleep(20);
    }
    const elapsed = Date.now() - t0;
    for (const w of workers) w.proc.kill('SIGTERM');
    assert.deepEqual(await Promise.all(workers.map((w) => w.exited)), [0, 0], 'both stop gracefully on SIGTERM');

    const rows = await h.db.selectFrom('system_emails').selectAll().execute();
    assert.equal(rows.length, N);
    assert.ok(
      rows.every((r) => r.status === 'Sent' && r.attempts === 1 && r.sent_at !== null),
      'each row claimed once and Sent',
    );
    const outbox = path.join(dataDir, 'outbox');
    assert.deepEqual(fs.readdirSync(outbox).sort(), rows.map((r) => `${r.message_id}.eml`).sort(), 'one .eml per email, nothing else');
    for (const r of rows) {
      const eml = fs.readFileSync(path.join(outbox, `${r.message_id}.eml`), 'utf8');
      assert.ok(eml.includes(`To: ${r.to_address}`) && eml.includes(`Subject: ${r.subject}`), `${r.message_id}.eml holds its own email`);
    }
    const perWorker = new Map<string, number>();
    for (const r of rows) perWorker.set(r.claimed_by!, (perWorker.get(r.claimed_by!) ?? 0) + 1);
    assert.deepEqual(new Set(perWorker.keys()), new Set(workers.map((w) => w.id)), 'both workers claimed rows, nobody else did');
    t.diagnostic(`${N} emails queued and delivered in ${elapsed} ms; split ${[...perWorker.values()].join(' / ')}`);
  });
});
