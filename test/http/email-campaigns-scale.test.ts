import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignBody, emailList, seedEmailContacts, verifiedSender } from '../helpers/email-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';

const CONTACTS = 20_000;

describe('an email campaign to a 20,000-contact list', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0', SIGNUP_CREDIT: '100000.00' } });
  });
  after(() => s.close());

  it('is accepted at once, then its job queues every contact exactly once, each charged once', async (t) => {
    const fromId = await verifiedSender(s, 'bulk@acme.example');
    const listId = await emailList(s, 'twenty thousand', []);
    await seedEmailContacts(s, s.owner.accountId, listId, CONTACTS);
    const rate = s.services.pricing.emailRateMicros('AU', 'AUD');
    const before = await s.services.ledger.balance(s.owner.accountId);

    const started = performance.now();
    const r = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) });
    const acceptedMs = performance.now() - started;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.data.total_count, r.body.data.queued_count], [CONTACTS, CONTACTS]);
    const id = r.body.data.data.email_campaign_id;
    assert.equal(
      await s.dbh.db
        .selectFrom('email_campaign_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((x) => Number(x.n)),
      0,
      'accepting stores the campaign only',
    );

    // One pass: the job walks the whole list in EMAIL_CAMPAIGN_BATCH transactions (and a first batch of emails leaves).
    await s.services.dispatcher.runOnce();
    const queuedMs = performance.now() - started;
    const counts = await s.dbh.db
      .selectFrom('email_campaign_messages')
      .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('contact_id').distinct().as('contacts'), eb.fn.count<number>('token').distinct().as('tokens')])
      .where('campaign_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([Number(counts.total), Number(counts.contacts), Number(counts.tokens)], [CONTACTS, CONTACTS, CONTACTS]);
    const got = (await s.request('GET', `/v3/email-campaigns/${id}`)).body.data;
    assert.equal(got.status, 'Sent', 'the list is fully queued');
    assert.equal(before - (await s.services.ledger.balance(s.owner.accountId)), CONTACTS * rate);
    t.diagnostic(`accepted in ${acceptedMs.toFixed(0)} ms; all ${CONTACTS} recipients queued after ${queuedMs.toFixed(0)} ms`);
  });
});
