import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { killAll, startReadyChild, tsChild, type ReadyChild } from '../helpers/process.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile, sendSms, waitFor } from '../helpers/sms.js';

const TOTAL = 10_000;

async function startChild(env: Record<string, string>): Promise<ReadyChild> {
  return startReadyChild(tsChild('sms-dispatch-child.ts'), env, 'SMS dispatch child');
}

describe('SMS dispatch killed mid-flight and restarted', () => {
  let s: TestServer;
  const children: ReadyChild[] = [];
  before(async () => {
    // The server only accepts; the dispatcher runs in child processes the test kills.
    s = await startServer({ env: { DISPATCH: '0', SIGNUP_CREDIT: '100000.00' } });
  });
  after(async () => {
    killAll(children);
    await s.close();
  });

  it('hands every one of 10,000 accepted messages to the network exactly once, and receipts each once', async (t) => {
    const ids: string[] = [];
    for (let call = 0; call < TOTAL / 1000; call++) {
      const r = await sendSms(
        s,
        Array.from({ length: 1000 }, (_, i) => ({ to: mobile(call * 1000 + i), body: `crash test ${call}-${i}` })),
      );
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
    // Mid-batch (batches are 100): a kill between two batches would orphan nothing. A count of deliveries alone could
    // land in the gap between a batch's outcomes and the next claim on a loaded machine, so the kill also waits until
    // a claimed batch is seen in flight.
    const inFlight = async () => (await s.dbh.db.selectFrom('sms_messages').select('id').where('status', '=', 'Processing').limit(1).execute()).length > 0;
    await waitFor('some deliveries, with a batch in flight', async () => (delivered() >= 2_050 && (await inFlight()) ? true : undefined), 120_000);
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
        const r = await s.dbh.db
          .selectFrom('sms_messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status_code', '=', 201)
          .executeTakeFirstOrThrow();
        return Number(r.n) === TOTAL ? true : undefined;
      },
      180_000,
    );
    second.proc.kill('SIGTERM');
    assert.equal(await second.exited, 0, 'the second dispatcher stops gracefully');

    const final = await rows();
    assert.deepEqual(new Set(final.map((r) => `${r.status} ${r.status_code}`)), new Set(['Sent 201']));
    assert.deepEqual(fs.readdirSync(journal).sort(), [...ids].sort(), 'the network received each message once, none lost');
    const handoffs = fs
      .readFileSync(path.join(s.dataDir, 'handoffs.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
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
