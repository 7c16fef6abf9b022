import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { seededList } from '../helpers/sms-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/sms.js';

function campaign(listId: number, name: string, body: string, extra: { from?: string; schedule?: number; urlToShorten?: string } = {}) {
  return Object.assign(new clicksend.SmsCampaign(), { listId, name, body, ...extra });
}

// The documented fields of a campaign record (endpoints.json, "Get SMS Campaign" and "Use Short URL").
const RECORD_KEYS = ['body', 'custom_string', 'date_added', 'from', 'ip_address', 'list_id', 'name', 'schedule', 'sms_campaign_id', 'source', 'status', 'subaccount_id', 'user_id', '_total_count'];

describe('SmsCampaignApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { SMS_THROTTLE_WINDOW_S: '0' } });
  });
  after(() => s.close());

  it('prices, creates, lists, gets, updates and cancels a campaign with the documented shapes and messages', async () => {
    const api = sdk(s, 'SmsCampaignApi');
    const listId = await seededList(s, 'sdk campaign', 3);
    const later = Math.floor(Date.now() / 1000) + 3600;

    const price = await call(api.smsCampaignsPricePost(campaign(listId, 'SDK', 'Hi (First Name)', { from: 'Shop', schedule: later })));
    assert.equal(price.status, 200, JSON.stringify(price.body));
    assert.equal(price.body.response_msg, 'Here is your price for your SMS Campaign.');
    assert.deepEqual(Object.keys(price.body.data.currency).sort(), ['currency_name_long', 'currency_name_short', 'currency_prefix_c', 'currency_prefix_d']);
    assert.deepEqual(price.body.data.data, { body: 'Hi Contact0', from: 'Shop', schedule: later });
    assert.equal(price.body.data.total_count, 3);
    assert.equal(price.body.data.total_price, '0.2310');

    const created = await call(api.smsCampaignsSendPost(campaign(listId, 'SDK', 'Hi (First Name) http://smsg.io/xxxxx', { from: 'Shop', schedule: later, urlToShorten: 'http://yourdomain.com/' })));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.http_code, 200);
    assert.equal(created.body.response_code, 'SUCCESS');
    assert.equal(created.body.response_msg, 'Your new campaign has been added.');
    const c = created.body.data;
    for (const k of [...RECORD_KEYS, 'url_to_shorten']) assert.ok(k in c, `${k} in the record`);
    assert.equal(c.status, 'Scheduled');
    assert.equal(c.schedule, String(later));
    assert.equal(c.url_to_shorten, 'http://yourdomain.com/');
    assert.equal(c.from, 'Shop');

    const list = await call(api.smsCampaignsGet(1, 15));
    assert.equal(list.status, 200);
    assert.equal(list.body.response_msg, 'Here are your SMS campaigns.');
    assert.equal(list.body.data.total, 1);
    assert.equal(list.body.data.data[0].sms_campaign_id, c.sms_campaign_id);

    const got = await call(api.smsCampaignBySmsCampaignIdGet(c.sms_campaign_id));
    assert.equal(got.status, 200);
    assert.equal(got.body.response_msg, 'Your SMS Campaign.');
    for (const k of RECORD_KEYS) assert.ok(k in got.body.data, `${k} in the record`);

    const updated = await call(api.smsCampaignsBySmsCampaignIdPut(c.sms_campaign_id, campaign(listId, 'SDK renamed', 'Changed (First Name)', { schedule: later + 60 })));
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.response_msg, 'Your SMS Campaign has been updated.');
    assert.equal(updated.body.data.name, 'SDK renamed');
    assert.equal(updated.body.data.url_to_shorten, null);

    const cancelled = await call(api.smsCampaignsCancelBySmsCampaignIdPut(c.sms_campaign_id));
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.response_msg, 'Your SMS Campaign has been cancelled.');
    assert.equal(cancelled.body.data.status, 'Cancelled');

    const missing = await call(api.smsCampaignBySmsCampaignIdGet(99_999_999));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.response_code, 'NOT_FOUND');
  });

  it('sends a campaign created through the SDK to every contact', async () => {
    const api = sdk(s, 'SmsCampaignApi');
    const listId = await seededList(s, 'sdk send', 4);
    const created = await call(api.smsCampaignsSendPost(campaign(listId, 'Now', 'Hello (First Name)')));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.data.status, 'Queued');
    const id = created.body.data.sms_campaign_id;
    const sent = await waitFor('sent', async () => {
      const r = await call(api.smsCampaignBySmsCampaignIdGet(id));
      return r.body.data.status === 'Sent' ? r.body.data : undefined;
    });
    assert.equal(sent._total_count, 4);
    assert.equal(sent._queued_count, 4);
  });
});
