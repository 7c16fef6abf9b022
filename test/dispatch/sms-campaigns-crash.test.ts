import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI, killAll, startReadyChild, type ReadyChild } from '../helpers/process.js';
import { campaignMessages, createCampaign, seededList } from '../helpers/sms-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/sms.js';

const CONTACTS = 20_000;

/** A real `sendbox worker` (every module's queues, the campaign job among them); resolves with the id it logs once running. */
function startWorker(env: Record<string, string>): Promise<ReadyChild> {
  return startReadyChild([CLI, 'worker'], env, 'sendbox worker', (out) => {
    for (const line of out.split('\n')) {
      try {
        const entry = JSON.parse(line) as { worker?: string };
        if (entry.worker) return entry.worker;
      } catch {
        // not a JSON line (yet)
      }
    }
    return undefined;
  });
}

describe('an SMS campaign whose dispatcher is killed mid-campaign and restarted', () => {
  let s: TestServer;
  const workers: ReadyChild[] = [];
  before(async () => {
    // The server only accepts; the campaign runs in worker processes the test kills.
    s = await startServer({ env: { DISPATCH: '0', SIGNUP_CREDIT: '100000.00', SMS_THROTTLE_WINDOW_S: '0' } });
  });
  after(async () => {
    killAll(workers);
    await s.close();
  });

  it('sends every one of 20,000 contacts exactly one message, charged once', async (t) => {
    const listId = await seededList(s, 'crash', CONTACTS);
    const start = await s.services.ledger.balance(s.owner.accountId);
    const r = await createCampaign(s, { list_id: listId, name: 'Crash', body: 'Hello (First Name)' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const id = r.body.data.sms_campaign_id;
    const progress = async () => s.dbh.db.selectFrom('sms_campaigns').select(['contacts_done', 'finished_at', 'attempts', 'claimed_by']).where('id', '=', id).executeTakeFirstOrThrow();
    const env = {
      DATA_DIR: s.dataDir,
      ...(s.config.databaseUrl ? { DATABASE_URL: s.config.databaseUrl } : {}),
      DISPATCH_LEASE_MS: '1500',
      DISPATCH_POLL_MS: '20',
      // Small batches: the kill lands mid-campaign, between or inside one of 100 batch transactions.
      SMS_CAMPAIGN_BATCH: '200',
      SMS_THROTTLE_WINDOW_S: '0',
      LOG_LEVEL: 'info',
    };

    const first = await startWorker(env);
    workers.push(first);
    await waitFor('a fifth of the campaign', async () => (Number((await progress()).contacts_done) >= CONTACTS / 5 ? true : undefined), 120_000);
    first.proc.kill('SIGKILL');
    await first.exited;
    const atKill = await progress();
    assert.ok(Number(atKill.contacts_done) < CONTACTS, `killed mid-campaign (${atKill.contacts_done}/${CONTACTS} contacts done)`);
    assert.equal(atKill.finished_at, null);

    const second = await startWorker(env);
    workers.push(second);
    await waitFor('the campaign finished', async () => ((await progress()).finished_at !== null ? true : undefined), 240_000);
    second.proc.kill('SIGTERM');
    assert.equal(await second.exited, 0, 'the second worker stops gracefully');

    const end = await progress();
    assert.equal(Number(end.contacts_done), CONTACTS);
    assert.equal(end.claimed_by, second.id, 'the second worker resumed the campaign');
    assert.deepEqual(await campaignMessages(s, id), { total: CONTACTS, contacts: CONTACTS }, 'one message per contact, none twice, none lost');
    assert.equal(start - (await s.services.ledger.balance(s.owner.accountId)), CONTACTS * 77_000, 'each message charged once');
    const got = await s.request('GET', `/v3/sms-campaigns/${id}`);
    assert.equal(got.body.data.status, 'Sent');
    t.diagnostic(`killed with ${atKill.contacts_done}/${CONTACTS} contacts done; resumed by a second worker`);
  });
});
