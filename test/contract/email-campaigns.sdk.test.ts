import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { drain, emailList, verifiedSender } from '../helpers/email-campaigns.js';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

function campaign(listId: number, fromEmailAddressId: number, extra: Partial<{ name: string; body: string; schedule: number; templateId: number }> = {}) {
  return Object.assign(new clicksend.EmailCampaign(), { name: 'SDK campaign', subject: 'Hi {FirstName}', body: '<p>Hello {FirstName}</p>', fromEmailAddressId, fromName: 'Acme', listId, ...extra });
}

// The documented record (endpoints.json "Create Email Campaign" data.data, channels.md §4.2).
const RECORD_KEYS = [
  'abuse_count',
  'body',
  'body_plain_text',
  'click_count',
  'custom_string',
  'date_added',
  'email_campaign_id',
  'from_email_address_id',
  'from_name',
  'hard_bounce_count',
  'list_id',
  'name',
  'open_count',
  'schedule',
  'send_count',
  'soft_bounce_count',
  'status',
  'subaccount_id',
  'subject',
  'template_id',
  'unsubscribe_count',
  'user_id',
];
const HISTORY_KEYS = [
  'click_count',
  'contact_id',
  'email_campaign_id',
  'from_address',
  'from_name',
  'hard_bounce_count',
  'message_id',
  'open_count',
  'processed_at',
  'soft_bounce_count',
  'status',
  'subject',
  'to_address',
  'to_name',
];

describe('EmailMarketingApi campaign methods (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
  });
  after(() => s.close());

  it('prices, sends, lists, gets, updates, cancels, reads and exports history with the documented shapes and messages', async () => {
    const api = sdk(s, 'EmailMarketingApi');
    const fromId = await verifiedSender(s, 'sdk@acme.example');
    const listId = await emailList(s, 'sdk', [{ email: 'a@example.com', first_name: 'Ada' }, { email: 'b@example.com', first_name: 'Ben' }, { phone_number: '+61411111111' }]);

    const price = await call(api.emailCampaignPricePost(campaign(listId, fromId)));
    assert.equal(price.status, 200, JSON.stringify(price.body));
    assert.equal(price.body.response_msg, 'Total price for email campaign.');
    assert.deepEqual(Object.keys(price.body.data).sort(), ['currency', 'data', 'queued_count', 'total_count', 'total_price']);
    assert.deepEqual([price.body.data.total_count, price.body.data.queued_count], [3, 2]);
    assert.equal(typeof price.body.data.total_price, 'string');

    const sent = await call(api.emailCampaignPost(campaign(listId, fromId)));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.response_code, 'SUCCESS');
    assert.equal(sent.body.response_msg, 'Email campaign has been created.');
    assert.deepEqual(Object.keys(sent.body.data.data).sort(), RECORD_KEYS);
    const id = sent.body.data.data.email_campaign_id;
    assert.equal(sent.body.data.data.status, 'Queued');

    const later = Math.floor(Date.now() / 1000) + 3600;
    const scheduled = await call(api.emailCampaignPost(campaign(listId, fromId, { name: 'Later', schedule: later })));
    const laterId = scheduled.body.data.data.email_campaign_id;
    assert.equal(scheduled.body.data.data.status, 'Scheduled');
    const updated = await call(api.emailCampaignPut(laterId, campaign(listId, fromId, { name: 'Later still', schedule: later + 60 })));
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.response_msg, 'Email campaign has been updated.');
    assert.deepEqual(Object.keys(updated.body.data).sort(), RECORD_KEYS);
    assert.equal(updated.body.data.schedule, String(later + 60));
    const cancelled = await call(api.cancelEmailCampaignPut(laterId));
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.response_msg, 'Email campaign has been cancelled.');
    assert.equal(cancelled.body.data.status, 'Cancelled');

    await drain(s);
    const list = await call(api.emailCampaignsGet(1, 15));
    assert.equal(list.status, 200);
    assert.equal(list.body.response_msg, 'Here are your email campaigns');
    assert.equal(list.body.data.total, 2);
    assert.equal(list.body.data.per_page, 15);

    const got = await call(api.emailCampaignGet(id));
    assert.equal(got.status, 200);
    assert.equal(got.body.response_msg, 'Here is your email campaign.');
    assert.equal(got.body.data.status, 'Sent');
    assert.equal(got.body.data.send_count, 2);

    const hist = await call(api.emailCampaignHistoryGet(id, undefined, undefined, 1, 15));
    assert.equal(hist.status, 200, JSON.stringify(hist.body));
    assert.equal(hist.body.response_msg, 'Here is your result.');
    assert.equal(hist.body.data.total, 2);
    assert.deepEqual(Object.keys(hist.body.data.data[0]).sort(), HISTORY_KEYS);
    assert.equal(hist.body.data.data[0].from_address, String(fromId));
    const none = await call(api.emailCampaignHistoryGet(id, 1, 2, 1, 15));
    assert.equal(none.body.data.total, 0, 'date_from/date_to filter by when each recipient was queued');

    const exp = await call(api.emailCampaignHistoryExportGet(id));
    assert.equal(exp.status, 200, JSON.stringify(exp.body));
    assert.match(exp.body.data.url, /\/files\/.+\.csv/);

    const missing = await call(api.emailCampaignGet(999_999));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.response_code, 'NOT_FOUND');
  });
});
