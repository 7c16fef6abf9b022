import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignMessages, createCampaign, seededList } from '../helpers/sms-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/sms.js';

const CONTACTS = 20_000;

describe('an SMS campaign to a 20,000-contact list', () => {
  let s: TestServer;
  before(async () => {
    // Default send rules (THROTTLED on): every contact has its own number, so none is refused.
    s = await startServer({ env: { SIGNUP_CREDIT: '100000.00' } });
  });
  after(() => s.close());

  it('is accepted, and every contact gets exactly one message, each charged once', async (t) => {
    const listId = await seededList(s, 'twenty thousand', CONTACTS);
    const before = await s.services.ledger.balance(s.owner.accountId);
    const started = performance.now();
    const r = await createCampaign(s, { list_id: listId, name: 'Big', body: 'Hello (First Name)' });
    const acceptedMs = performance.now() - started;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data._total_count, CONTACTS);
    const id = r.body.data.sms_campaign_id;
    await waitFor('the campaign sent', async () => ((await s.request('GET', `/v3/sms-campaigns/${id}`)).body.data.status === 'Sent' ? true : undefined), 300_000);
    const storedMs = performance.now() - started;
    assert.deepEqual(await campaignMessages(s, id), { total: CONTACTS, contacts: CONTACTS });
    const got = await s.request('GET', `/v3/sms-campaigns/${id}`);
    assert.equal(got.body.data._queued_count, CONTACTS);
    assert.equal(got.body.data._contacts_done, CONTACTS);
    assert.equal(before - (await s.services.ledger.balance(s.owner.accountId)), CONTACTS * 77_000);
    t.diagnostic(`accepted in ${acceptedMs.toFixed(0)} ms; all ${CONTACTS} messages stored after ${storedMs.toFixed(0)} ms`);
  });
});
