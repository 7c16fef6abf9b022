import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignBody, drain, emailList, history, money } from '../helpers/email-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('email campaign money: cancel refunds, no overdraw', () => {
  let s: TestServer;
  let fromId: number;
  let rate: number;
  before(async () => {
    // A relay nobody listens on: every hand-off fails temporarily and waits an hour, so queued emails stay cancellable.
    s = await startServer({ env: { DISPATCH: '0', SMTP_URL: 'smtp://127.0.0.1:9', EMAIL_RETRY_BASE_MS: '3600000', EMAIL_CAMPAIGN_BATCH: '2' } });
    // The verification mail goes through the same (unreachable) relay: the address is verified in the database instead.
    const r = await s.request('POST', '/v3/email/addresses', { body: { email_address: 'news@acme.example' } });
    fromId = r.body.data.email_address_id;
    await s.dbh.db.updateTable('email_addresses').set({ verified: 1 }).where('id', '=', fromId).execute();
    rate = s.services.pricing.emailRateMicros('AU', 'AUD');
  });
  after(() => s.close());

  const contacts = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ email: `${tag}${i}@example.com`, first_name: `P${i}` }));

  it('cancelling a running campaign refunds every recipient not handed over, in one ledger row; the ledger still adds up', async () => {
    const listId = await emailList(s, 'running', [...contacts('run', 5), { email: 'test1@test.com' }]);
    const start = await money(s, s.owner.accountId);
    const c = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.data.queued_count, 6);
    assert.equal(c.body.data.total_price, ((5 * rate) / 1e6).toFixed(4), 'the test address is free');
    const id = c.body.data.data.email_campaign_id;
    await drain(s);
    const queued = await history(s, id);
    assert.equal(queued.length, 6, 'every contact queued once, batch by batch (EMAIL_CAMPAIGN_BATCH=2)');
    assert.deepEqual(new Set(queued.map((q) => q.contact_id)).size, 6);
    assert.equal(queued.find((q) => q.to_address === 'test1@test.com').status, 'Sent', 'a test address is accepted, never delivered');
    const charged = await money(s, s.owner.accountId);
    assert.equal(start.balance - charged.balance, 5 * rate);
    const rows = await s.dbh.db.selectFrom('email_campaign_messages').select(['status', 'last_error', 'attempts']).where('campaign_id', '=', id).where('to_address', '!=', 'test1@test.com').execute();
    assert.ok(
      rows.every((r) => r.status === 'Queued' && Number(r.attempts) === 1 && r.last_error),
      'the relay was tried once and the emails wait for a retry',
    );
    const soft = (await s.request('GET', `/v3/email-campaigns/${id}`)).body.data.soft_bounce_count;
    assert.equal(soft, 0, 'a first try is no bounce yet');

    const r = await s.request('PUT', `/v3/email-campaigns/${id}/cancel`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.status, 'Cancelled');
    const end = await money(s, s.owner.accountId);
    assert.equal(end.balance, start.balance, 'all five refunded');
    assert.equal(end.balance, end.ledger, 'balance = sum of the ledger rows');
    const refunds = await s.dbh.db.selectFrom('ledger_transactions').selectAll().where('account_id', '=', s.owner.accountId).where('kind', '=', 'refund').execute();
    assert.equal(refunds.length, 1);
    assert.equal(Number(refunds[0]!.amount_micros), 5 * rate);
    assert.equal(refunds[0]!.product, 'email');
    const after = await history(s, id);
    assert.equal(after.filter((h) => h.status === 'Cancelled').length, 5);
    await drain(s);
    assert.equal((await s.request('PUT', `/v3/email-campaigns/${id}/cancel`)).status, 400, 'cancelled already');
  });

  it('refuses a campaign the balance cannot pay (INSUFFICIENT_CREDIT) and never overdraws when the balance runs out between batches', async () => {
    const listId = await emailList(s, 'costly', contacts('cost', 4));
    // Leave the balance at exactly three emails.
    const balance = await s.services.ledger.balance(s.owner.accountId);
    await s.services.ledger.debit({ accountId: s.owner.accountId, amountMicros: balance - 3 * rate, description: 'test: spend down' });
    const refused = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) });
    assert.equal(refused.body.response_code, 'INSUFFICIENT_CREDIT');

    const three = await emailList(s, 'three', contacts('three', 3));
    const a = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(three, fromId) });
    const b = await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(three, fromId, { name: 'again' }) });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200, 'each alone is affordable: accepted');
    await drain(s);
    const statuses = [...(await history(s, a.body.data.data.email_campaign_id)), ...(await history(s, b.body.data.data.email_campaign_id))].map((h) => h.status);
    assert.equal(statuses.filter((x) => x === 'Failed').length, 3, 'the recipients the balance no longer covered are Failed, not charged');
    const end = await money(s, s.owner.accountId);
    assert.equal(end.balance, 0);
    assert.equal(end.balance, end.ledger);
    const failed = await s.dbh.db.selectFrom('email_campaign_messages').select(['last_error', 'price_micros']).where('status', '=', 'Failed').execute();
    assert.ok(failed.every((f) => f.last_error === 'INSUFFICIENT_CREDIT' && Number(f.price_micros) === 0));
    assert.equal((await s.request('GET', `/v3/email-campaigns/${b.body.data.data.email_campaign_id}`)).body.data.hard_bounce_count, 0, 'no credit is no bounce');
  });

  it('a job reclaimed after a crash resumes from its committed cursor: no contact is queued or charged twice', async () => {
    await s.services.ledger.credit({ accountId: s.owner.accountId, amountMicros: 100 * rate, description: 'test: top up' });
    const listId = await emailList(s, 'crash', contacts('crash', 5));
    const id = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) })).body.data.data.email_campaign_id;
    await drain(s);
    const before = await money(s, s.owner.accountId);
    // The dispatcher died after the last batch committed and before the job's outcome was written: its claim's lease expired.
    await s.dbh.db.updateTable('email_campaigns').set({ status: 'Processing', claimed_by: 'crashed', claimed_until: 0, finished_at: null }).where('id', '=', id).execute();
    assert.equal((await s.request('GET', `/v3/email-campaigns/${id}`)).body.data.status, 'Queued');
    const put = await s.request('PUT', `/v3/email-campaigns/${id}`, { body: campaignBody(listId, fromId) });
    assert.equal(put.status, 400, 'a started campaign cannot be updated');
    await drain(s);
    const rows = await history(s, id);
    assert.equal(rows.length, 5);
    assert.equal(new Set(rows.map((r) => r.contact_id)).size, 5);
    assert.deepEqual(await money(s, s.owner.accountId), before, 'nothing charged again');
    assert.equal((await s.request('GET', `/v3/email-campaigns/${id}`)).body.data.status, 'Sent');
    // The fence itself: an advance from a cursor that has moved on does nothing (a stalled claimer's batch rolls back).
    const moved = await s.dbh.db.transaction().execute((trx) => s.services.emailCampaigns.repo.advance(trx, id, 0, 1, 1));
    assert.equal(moved, false);
  });
});
