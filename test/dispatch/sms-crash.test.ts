import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile, sendSms, waitFor } from '../helpers/sms.js';

const CHILD = fileURLToPath(new URL('../helpers/sms-dispatch-child.ts', import.meta.url));
// The child's Sendbox code runs from the install-time build in dist/ when it is current, as `npm start` does.
const PREFER_DIST = new URL('../../bin/prefer-dist.mjs', import.meta.url).href;
const TOTAL = 10_000;

interface Child {
  proc: ChildProcess;
  id: string;
  exited: Promise<number | null>;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--import', PREFER_DIST, CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const id = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`SMS dispatch child exited with ${code} before it was ready`)));
  });
  return { proc, id, exited };
}

describe('SMS dispatch killed mid-flight and restarted', () => {
  let s: TestServer;
  const children: Child[] = [];
  before(async () => {
    // The server only accepts; the dispatcher runs in child processes the test kills.
    s = await startServer({ env: { DISPATCH: '0', SIGNUP_CREDIT: '100000.00' } });
  });
  after(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await s.close();
  });

  it('hands every one of 10,000 accepted messages to the network exactly once, and receipts each once', async (t) => {
    const ids: string[] = [];
    for (let call = 0; call < TOTAL / 1000; call++) {
      const r = await sendSms(s, Array.from({ length: 1000 }, (_, i) => ({ to: mobile(call * 1000 + i), body: `crash test ${call}-${i}` })));
      assert.equal(r.body.data.queued_count, 1000);
      ids.push(...r.body.data.messages.map((m: any) => m.message_id));
    }
    const charged = await s.services.ledger.balance(s.owner.accountId);

    const journal = path.join(s.dataDir, 'sms-journal');
    fs.mkdirSync(journal);
    const delivered = () => fs.readdirSync(journal).length;
    const env = {
      DATA_DIR: s.dataDir,
      ...(s.config.databaseUrl ? { DATABASE_URL: s.config.databaseUrl } : {}),
      DISPATCH_LEASE_MS: '1500',
      DISPATCH_POLL_MS: '20',
      DISPATCH_BATCH: '100',
      SMS_RECEIPT_DELAY_MS: '0',
      SMS_RECEIPT_POLL_MS: '50',
      CHILD_JOURNAL: journal,
      CHILD_DELAY_MS: '2',
      LOG_LEVEL: 'silent',
    };
    const rows = () => s.dbh.db.selectFrom('sms_messages').select(['message_id', 'status', 'status_code', 'attempts', 'claimed_by']).where('account_id', '=', s.owner.accountId).execute();

    const first = await startChild(env);
    children.push(first);
    // Mid-batch (batches are 100): a kill between two batches would orphan nothing.
    await waitFor('some deliveries', () => (delivered() >= 2_050 ? true : undefined), 120_000);
    first.proc.kill('SIGKILL');
    await first.exited;
    const deliveredAtKill = delivered();
    const orphaned = (await rows()).filter((r) => r.status === 'Processing').map((r) => r.message_id);
    assert.ok(deliveredAtKill < TOTAL, `killed mid-dispatch (${deliveredAtKill}/${TOTAL} delivered)`);
    assert.ok(orphaned.length > 0, 'the kill left claimed messages behind');

    const second = await startChild(env);
    children.push(second);
    await waitFor(
      'every message delivered and receipted',
      async () => {
        const r = await s.dbh.db.selectFrom('sms_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status_code', '=', 201).executeTakeFirstOrThrow();
        return Number(r.n) === TOTAL ? true : undefined;
      },
      180_000,
    );
    second.proc.kill('SIGTERM');
    assert.equal(await second.exited, 0, 'the second dispatcher stops gracefully');

    const final = await rows();
    assert.deepEqual(new Set(final.map((r) => `${r.status} ${r.status_code}`)), new Set(['Sent 201']));
    assert.deepEqual(fs.readdirSync(journal).sort(), [...ids].sort(), 'the network received each message once, none lost');
    const handoffs = fs.readFileSync(path.join(s.dataDir, 'handoffs.log'), 'utf8').trim().split('\n').map((l) => l.split(' '));
    const perId = new Map<string, string[]>();
    for (const [by, id] of handoffs) perId.set(id!, [...(perId.get(id!) ?? []), by!]);
    assert.equal(perId.size, TOTAL);
    const repeated = [...perId].filter(([, by]) => by.length > 1);
    for (const [id, by] of repeated) {
      assert.ok(orphaned.includes(id), `message ${id} handed off twice though the kill did not orphan it`);
      assert.deepEqual(by, [first.id, second.id]);
    }
    const receipts = await s.dbh.db.selectFrom('sms_receipts').select('message_id').where('account_id', '=', s.owner.accountId).execute();
    assert.equal(receipts.length, TOTAL);
    assert.equal(new Set(receipts.map((r) => r.message_id)).size, TOTAL, 'one receipt per message');
    assert.equal(await s.services.ledger.balance(s.owner.accountId), charged, 'dispatch charges nothing more');
    t.diagnostic(`killed with ${deliveredAtKill}/${TOTAL} delivered and ${orphaned.length} claims orphaned; ${repeated.length} repeat hand-offs absorbed by the provider`);
  });
});
