import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignMessages, createCampaign, createList, seedContacts } from '../helpers/sms-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { money, SANDBOX, waitFor } from '../helpers/sms.js';

const CONTACTS = 400;

describe('cancelling an SMS campaign while it sends', () => {
  let s: TestServer;
  before(async () => {
    // One contact a batch, so the cancel lands between batches of a running job; messages to the "fails temporarily"
    // number wait Queued an hour after their first try, so every one is still refundable when the cancel comes.
    s = await startServer({ env: { SMS_CAMPAIGN_BATCH: '1', SMS_RETRY_BASE_MS: '3600000', SMS_THROTTLE_WINDOW_S: '0', SIGNUP_CREDIT: '1000.00' } });
  });
  after(() => s.close());

  it('stops the job (no further batch) and refunds every message not yet sent, in one step', async () => {
    const listId = await createList(s, 'running');
    await seedContacts(s, s.owner.accountId, listId, CONTACTS, { phone: () => SANDBOX.failsTemporarily });
    const start = await money(s, s.owner.accountId);
    const c = (await createCampaign(s, { list_id: listId })).body.data;
    const row = () => s.dbh.db.selectFrom('sms_campaigns').selectAll().where('id', '=', c.sms_campaign_id).executeTakeFirstOrThrow();
    await waitFor('the job under way', async () => (Number((await row()).contacts_done) >= 10 ? true : undefined));

    const r = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}/cancel`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.status, 'Cancelled');
    // The job notices at its next batch and ends; from then on nothing more is stored.
    const ended = await waitFor('the job ended', async () => {
      const x = await row();
      return x.status !== 'Processing' && x.status !== 'Queued' ? x : undefined;
    });
    const done = Number(ended.contacts_done);
    assert.ok(done < CONTACTS, `the job stopped early (${done}/${CONTACTS} contacts)`);
    assert.equal(ended.finished_at, null, 'it never reached the end of the list');
    const stored = await campaignMessages(s, c.sms_campaign_id);
    assert.deepEqual(stored, { total: done, contacts: done }, 'one message per contact handled, none after the cancel');
    const rows = await s.dbh.db.selectFrom('sms_messages').select(['status', 'price_micros']).where('campaign_id', '=', c.sms_campaign_id).execute();
    const cancelled = rows.filter((m) => m.status === 'Cancelled');
    // A message the SMS dispatcher held at that very moment (its first try) is not cancellable: it keeps its charge.
    assert.ok(cancelled.length >= rows.length - 1 && cancelled.length > 0, `waiting messages cancelled (${cancelled.length}/${rows.length})`);
    const kept = rows.filter((m) => m.status !== 'Cancelled').reduce((a, m) => a + Number(m.price_micros), 0);
    const end = await money(s, s.owner.accountId);
    assert.equal(start.balance - end.balance, kept, 'every cancelled message refunded, nothing else');
    assert.equal(end.balance, end.ledger);
    const got = await s.request('GET', `/v3/sms-campaigns/${c.sms_campaign_id}`);
    assert.equal(got.body.data.status, 'Cancelled');
    assert.equal(got.body.data._price, (kept / 1_000_000).toFixed(4));
  });
});
