import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignMessages, createCampaign, createList, seedContacts, seededList } from '../helpers/sms-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST_SMS_ENV, money, SANDBOX, waitFor } from '../helpers/sms.js';

const AU_RATE = 77_000; // micros per AU SMS part (the default price table)

describe('SMS campaigns over HTTP', () => {
  let s: TestServer;
  before(async () => {
    // Retries an hour apart: a message to the "fails temporarily" number waits Queued after its first try, so a cancel can refund it.
    s = await startServer({ env: { ...FAST_SMS_ENV, SMS_RETRY_BASE_MS: '3600000', SMS_THROTTLE_WINDOW_S: '0', SIGNUP_CREDIT: '1000.00' } });
  });
  after(() => s.close());

  const get = (id: number) => s.request('GET', `/v3/sms-campaigns/${id}`);
  const waitStatus = (id: number, status: string) =>
    waitFor(`campaign ${id} ${status}`, async () => {
      const r = await get(id);
      return r.body.data.status === status ? r.body.data : undefined;
    });

  it('sends one personalised message per contact through the SMS pipeline, charged per message, and shows its progress', async () => {
    const listId = await seededList(s, 'customers', 30);
    // One contact without a phone number: handled, refused, not charged.
    await seedContacts(s, s.owner.accountId, listId, 1, { from: 30, phone: () => null });
    const start = await money(s, s.owner.accountId);
    const r = await createCampaign(s, { list_id: listId, name: 'Spring sale', body: 'Hi (First Name), 20% off today' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Your new campaign has been added.');
    const c = r.body.data;
    assert.equal(c.status, 'Queued');
    assert.equal(c.list_id, listId);
    assert.equal(c.name, 'Spring sale');
    assert.equal(c.body, 'Hi (First Name), 20% off today');
    assert.equal(c.user_id, s.owner.accountId);
    assert.equal(c._total_count, 31);
    assert.equal(c.custom_string, null);
    assert.equal(c.source, null);
    assert.equal(c.url_to_shorten, null);
    assert.match(c.date_added, /^\d{10}$/, 'date_added is a unix-second string');
    assert.match(c.schedule, /^\d{10}$/, 'schedule is a unix-second string');
    assert.equal(typeof c.sms_campaign_id, 'number');

    const done = await waitStatus(c.sms_campaign_id, 'Sent');
    assert.equal(done._queued_count, 30);
    assert.equal(done._refused_count, 1);
    assert.equal(done._contacts_done, 31);
    assert.deepEqual(await campaignMessages(s, c.sms_campaign_id), { total: 30, contacts: 30 });
    const end = await money(s, s.owner.accountId);
    assert.equal(start.balance - end.balance, 30 * AU_RATE, 'each message charged once, the refused contact not at all');
    assert.equal(end.balance, end.ledger);
    assert.equal(done._price, '2.3100', 'what the campaign cost');
    assert.equal(done._quoted_price, '2.3100', 'the price quoted when it was created');

    // The messages are ordinary SMS: in history, personalised, with their contact and list.
    const h = await s.request('GET', `/v3/sms/history?q=list_id:${listId}&limit=100`);
    assert.equal(h.status, 200);
    assert.equal(h.body.data.total, 30);
    const bodies = new Set(h.body.data.data.map((m: any) => m.body));
    assert.ok(bodies.has('Hi Contact0, 20% off today') && bodies.has('Hi Contact29, 20% off today'), [...bodies].slice(0, 3).join(' | '));
    assert.ok(h.body.data.data.every((m: any) => m.contact_id > 0 && m.list_id === listId));
    await waitFor('every message sent', async () => ((await get(c.sms_campaign_id)).body.data._sent_count === 30 ? true : undefined));
  });

  it('creates one campaign for two requests with the same Idempotency-Key', async () => {
    const listId = await seededList(s, 'idempotent', 1);
    const body = { list_id: listId, name: 'Once', body: 'x', schedule: Math.floor(Date.now() / 1000) + 3600 };
    const headers = { 'idempotency-key': `campaign-${listId}` };
    const first = await s.request('POST', '/v3/sms-campaigns/send', { body, headers });
    const again = await s.request('POST', '/v3/sms-campaigns/send', { body, headers });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(again.status, 200);
    assert.equal(again.body.data.sms_campaign_id, first.body.data.sms_campaign_id);
    const list = await s.request('GET', '/v3/sms-campaigns?limit=100');
    assert.equal(list.body.data.data.filter((x: any) => x.list_id === listId).length, 1);
  });

  it('prices a campaign in the documented shape, the body filled for the first contact, storing nothing', async () => {
    const listId = await seededList(s, 'price me', 12);
    const before = await money(s, s.owner.accountId);
    const r = await s.request('POST', '/v3/sms-campaigns/price', { body: { list_id: listId, name: 'P', body: 'Dear (First Name) {LastName}', from: 'Shop', schedule: 0 } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Here is your price for your SMS Campaign.');
    const d = r.body.data;
    assert.deepEqual(d.currency, { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' });
    assert.equal(d.data.body, 'Dear Contact0 Seeded');
    assert.equal(d.data.from, 'Shop');
    assert.equal(typeof d.data.schedule, 'number');
    assert.equal(d.total_count, 12);
    assert.equal(d.total_price, '0.9240', 'total_price is a string, as documented');
    assert.deepEqual(await money(s, s.owner.accountId), before);
    const list = await s.request('GET', '/v3/sms-campaigns?limit=100');
    assert.ok(!list.body.data.data.some((x: any) => x.list_id === listId), 'a price creates no campaign');
  });

  it('lists campaigns paginated and gets one; an unknown id is 404', async () => {
    const listId = await seededList(s, 'listing', 2);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createCampaign(s, { list_id: listId, name: `L${i}`, schedule: Math.floor(Date.now() / 1000) + 3600 })).body.data.sms_campaign_id);
    const r = await s.request('GET', '/v3/sms-campaigns?limit=15');
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Here are your SMS campaigns.');
    for (const k of ['total', 'per_page', 'current_page', 'last_page', 'next_page_url', 'prev_page_url', 'from', 'to', 'data']) assert.ok(k in r.body.data, k);
    const mine = r.body.data.data.filter((x: any) => ids.includes(x.sms_campaign_id));
    assert.equal(mine.length, 3);
    assert.ok(mine.every((x: any) => x.status === 'Scheduled' && x._total_count === 2));
    const one = await get(ids[0]!);
    assert.equal(one.status, 200);
    assert.equal(one.body.response_msg, 'Your SMS Campaign.');
    assert.equal(one.body.data.name, 'L0');
    const missing = await get(99_999_999);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.response_code, 'NOT_FOUND');
  });

  it('updates a campaign until it starts, and refuses to once it has been sent', async () => {
    const listId = await seededList(s, 'upd', 3);
    const other = await seededList(s, 'upd2', 5);
    const later = Math.floor(Date.now() / 1000) + 7200;
    const c = (await createCampaign(s, { list_id: listId, name: 'Before', schedule: later })).body.data;
    assert.equal(c.status, 'Scheduled');
    const u = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}`, { body: { list_id: other, name: 'After', body: 'New text', from: 'Shop', schedule: later + 60 } });
    assert.equal(u.status, 200, JSON.stringify(u.body));
    assert.equal(u.body.response_msg, 'Your SMS Campaign has been updated.');
    assert.equal(u.body.data.name, 'After');
    assert.equal(u.body.data.body, 'New text');
    assert.equal(u.body.data.from, 'Shop');
    assert.equal(u.body.data.list_id, other);
    assert.equal(u.body.data._total_count, 5);
    assert.equal(u.body.data.schedule, String(later + 60));
    assert.equal(u.body.data.status, 'Scheduled');

    // Moved to now: it starts, and once sent it can no longer change.
    const now = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}`, { body: { list_id: other, name: 'After', body: 'New text' } });
    assert.equal(now.status, 200);
    await waitStatus(c.sms_campaign_id, 'Sent');
    const late = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}`, { body: { list_id: other, name: 'Too late', body: 'x' } });
    assert.equal(late.status, 400);
    assert.match(late.body.response_msg, /cannot be updated: it has been sent/);
    assert.equal((await get(c.sms_campaign_id)).body.data.name, 'After');
  });

  it('cancels a scheduled campaign: nothing is sent or charged; a second cancel is refused', async () => {
    const listId = await seededList(s, 'cancel scheduled', 4);
    const before = await money(s, s.owner.accountId);
    const c = (await createCampaign(s, { list_id: listId, schedule: Math.floor(Date.now() / 1000) + 3600 })).body.data;
    const r = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}/cancel`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Your SMS Campaign has been cancelled.');
    assert.equal(r.body.data.status, 'Cancelled');
    assert.deepEqual(await money(s, s.owner.accountId), before);
    const again = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}/cancel`);
    assert.equal(again.status, 400);
    assert.match(again.body.response_msg, /cancelled already/);
    const upd = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}`, { body: { list_id: listId, name: 'x', body: 'y' } });
    assert.equal(upd.status, 400);
    assert.deepEqual(await campaignMessages(s, c.sms_campaign_id), { total: 0, contacts: 0 });
  });

  it('cancels the messages not yet sent and refunds them, visible in the balance; sent ones stay sent', async () => {
    const listId = await createList(s, 'refund');
    // Eight contacts on the number whose first hand-off fails (then waits an hour), two on one that delivers.
    await seedContacts(s, s.owner.accountId, listId, 8, { phone: () => SANDBOX.failsTemporarily });
    await seedContacts(s, s.owner.accountId, listId, 2, { from: 8, phone: () => SANDBOX.delivers });
    const start = await money(s, s.owner.accountId);
    const c = (await createCampaign(s, { list_id: listId })).body.data;
    await waitStatus(c.sms_campaign_id, 'Sent');
    await waitFor('first hand-offs done', async () => {
      const rows = await s.dbh.db.selectFrom('sms_messages').select(['status', 'attempts']).where('campaign_id', '=', c.sms_campaign_id).execute();
      return rows.length === 10 && rows.every((m) => m.status === 'Sent' || (m.status === 'Queued' && Number(m.attempts) === 1)) ? true : undefined;
    });
    const charged = await money(s, s.owner.accountId);
    assert.equal(start.balance - charged.balance, 10 * AU_RATE);

    const r = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}/cancel`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.status, 'Cancelled');
    const end = await money(s, s.owner.accountId);
    assert.equal(start.balance - end.balance, 2 * AU_RATE, 'the 8 waiting messages were refunded');
    assert.equal(end.balance, end.ledger);
    const statuses = await s.dbh.db.selectFrom('sms_messages').select('status').where('campaign_id', '=', c.sms_campaign_id).execute();
    assert.deepEqual(statuses.map((m) => m.status).sort(), [...Array(8).fill('Cancelled'), 'Sent', 'Sent']);
    assert.equal(r.body.data._price, '0.1540', 'the campaign cost what was sent, net of the refund');
    // Sent, nothing left waiting: a second cancel has nothing to stop.
    const again = await s.request('PUT', `/v3/sms-campaigns/${c.sms_campaign_id}/cancel`);
    assert.equal(again.status, 400);
  });

  it('refuses a list of more than 20,000 contacts, naming list_id', async () => {
    const big = await seededList(s, 'too big', 20_001);
    const r = await createCampaign(s, { list_id: big, schedule: Math.floor(Date.now() / 1000) + 3600 });
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'TOO_MANY_RECIPIENTS');
    assert.match(r.body.response_msg, /list_id \d+ has 20001 contacts; a campaign reaches at most 20,000/);
    const price = await s.request('POST', '/v3/sms-campaigns/price', { body: { list_id: big, name: 'x', body: 'y' } });
    assert.equal(price.status, 400);
    assert.equal(price.body.response_code, 'TOO_MANY_RECIPIENTS');
  });

  it('refuses a campaign the balance cannot pay for, up front', async () => {
    const poor = await s.createAccount('campaign-poor');
    const who = { username: poor.username, apiKey: poor.apiKey };
    const listId = await createList(s, 'too many for the credit', who);
    await seedContacts(s, poor.accountId, listId, 100);
    // Leave 1.00 of the sign-up credit: 100 messages cost 7.70.
    const balance = await s.services.ledger.balance(poor.accountId);
    await s.services.ledger.debit({ accountId: poor.accountId, amountMicros: balance - 1_000_000, description: 'test: spend most of the credit' });
    const r = await createCampaign(s, { list_id: listId }, who);
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'INSUFFICIENT_CREDIT');
    assert.match(r.body.response_msg, /costs 7\.7000 for 100 message\(s\); the balance is 1\.0000/);
    const list = await s.request('GET', '/v3/sms-campaigns', { as: who });
    assert.equal(list.body.data.total, 0);
  });

  it('names the field in every validation error', async () => {
    const listId = await seededList(s, 'validation', 1);
    const foreign = await createList(s, 'theirs', await s.createAccount('campaign-foreign-list').then((a) => ({ username: a.username, apiKey: a.apiKey })));
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ list_id: listId, name: '  ', body: 'x' }, 400, /^name must not be blank/],
      [{ list_id: listId, name: 'x'.repeat(201), body: 'x' }, 400, /^name must be at most 200/],
      [{ list_id: listId, name: 'n', body: ' ' }, 400, /^body must not be blank/],
      [{ list_id: listId, name: 'n', body: 'x', from: 'has spaces in it' }, 400, /^from must be/],
      [{ list_id: listId, name: 'n', body: 'x', schedule: 'tomorrow' }, 400, /^schedule must be a unix time/],
      [{ list_id: listId, name: 'n', body: 'x', schedule: 1_000_000 }, 400, /^schedule must be a unix time/],
      [{ list_id: listId, name: 'n', body: 'go http://smsg.io/xxxxx', url_to_shorten: 'ftp://example.com/' }, 400, /url_to_shorten/],
      [{ list_id: listId, name: 'n', body: 'no placeholder', url_to_shorten: 'https://example.com/' }, 400, /^body must contain the short-link placeholder/],
      [{ name: 'n', body: 'x' }, 400, /list_id/],
      [{ list_id: 'abc', name: 'n', body: 'x' }, 400, /list_id/],
      [{ list_id: listId, body: 'x' }, 400, /name/],
      [{ list_id: foreign, name: 'n', body: 'x' }, 403, /list_id \d+ is not one of your lists/],
      [{ list_id: 987_654_321, name: 'n', body: 'x' }, 403, /list_id 987654321/],
    ];
    for (const [body, status, msg] of cases) {
      for (const path of ['/v3/sms-campaigns/send', '/v3/sms-campaigns/price']) {
        const r = await s.request('POST', path, { body });
        assert.equal(r.status, status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
        assert.match(r.body.response_msg, msg, `${path} ${JSON.stringify(body)}`);
      }
    }
    const bad = await s.request('POST', '/v3/sms-campaigns/send', { body: { list_id: listId, name: 'n', body: 'x', schedule: 'tomorrow' } });
    assert.equal(bad.body.response_code, 'INVALID_SCHEDULE');
  });

  it("answers 404 for another account's campaign on every route, and lists only the account's own", async () => {
    const listId = await seededList(s, 'tenancy', 2);
    const c = (await createCampaign(s, { list_id: listId, name: 'mine', schedule: Math.floor(Date.now() / 1000) + 3600 })).body.data;
    const acct = await s.createAccount('campaign-stranger');
    const stranger = { username: acct.username, apiKey: acct.apiKey };
    const id = c.sms_campaign_id;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/v3/sms-campaigns/${id}`],
      ['PUT', `/v3/sms-campaigns/${id}`, { list_id: listId, name: 'x', body: 'y' }],
      ['PUT', `/v3/sms-campaigns/${id}/cancel`],
      ['GET', `/v3/sms-campaigns/${id}/link-tracking`],
      ['GET', `/v3/sms-campaigns/${id}/link-statistics`],
      ['GET', `/v3/sms-campaigns/${id}/link-export?filename=x.csv`],
    ];
    for (const [method, path, body] of routes) {
      const r = await s.request(method, path, { as: stranger, ...(body ? { body } : {}) });
      assert.equal(r.status, 404, `${method} ${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.response_code, 'NOT_FOUND');
    }
    const list = await s.request('GET', '/v3/sms-campaigns', { as: stranger });
    assert.equal(list.body.data.total, 0);
    // Still the owner's, unchanged.
    const mine = await get(id);
    assert.equal(mine.body.data.status, 'Scheduled');
    assert.equal(mine.body.data.name, 'mine');
  });

  it('needs access_sms: a subaccount without it gets 403 on every route; one with it sees the account campaigns', async () => {
    const listId = await seededList(s, 'subaccounts', 1);
    const c = (await createCampaign(s, { list_id: listId, schedule: Math.floor(Date.now() / 1000) + 3600 })).body.data;
    const mk = async (api_username: string, access_sms: number) => {
      const r = await s.request('POST', '/v3/subaccounts', {
        body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_sms, access_contacts: 1 },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { username: api_username, apiKey: r.body.data.api_key as string };
    };
    const without = await mk('no-sms-campaigns', 0);
    const withSms = await mk('sms-campaigns-user', 1);
    const id = c.sms_campaign_id;
    const body = { list_id: listId, name: 'x', body: 'y' };
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/v3/sms-campaigns/send', body],
      ['POST', '/v3/sms-campaigns/price', body],
      ['GET', '/v3/sms-campaigns'],
      ['GET', `/v3/sms-campaigns/${id}`],
      ['PUT', `/v3/sms-campaigns/${id}`, body],
      ['PUT', `/v3/sms-campaigns/${id}/cancel`],
      ['GET', `/v3/sms-campaigns/${id}/link-tracking`],
      ['GET', `/v3/sms-campaigns/${id}/link-statistics`],
      ['GET', `/v3/sms-campaigns/${id}/link-export?filename=x.csv`],
    ];
    for (const [method, path, b] of routes) {
      const r = await s.request(method, path, { as: without, ...(b ? { body: b } : {}) });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.match(r.body.response_msg, /access_sms/);
    }
    const seen = await s.request('GET', `/v3/sms-campaigns/${id}`, { as: withSms });
    assert.equal(seen.status, 200);
    const made = await createCampaign(s, { list_id: listId, schedule: Math.floor(Date.now() / 1000) + 3600 }, withSms);
    assert.equal(made.status, 200, JSON.stringify(made.body));
    assert.notEqual(made.body.data.subaccount_id, c.subaccount_id, 'a campaign remembers the subaccount that created it');
  });
});
