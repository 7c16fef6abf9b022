import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignMessages, createCampaign, seededList } from '../helpers/sms-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST_SMS_ENV, waitFor } from '../helpers/sms.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

describe('SMS campaigns with url_to_shorten', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { ...FAST_SMS_ENV, SMS_THROTTLE_WINDOW_S: '0' } });
  });
  after(() => s.close());

  const open = (url: string, agent: string) => fetch(url, { redirect: 'manual', headers: { 'user-agent': agent } });

  it('gives each recipient its own short link to the target, counts the clicks in link-tracking, link-statistics and link-export', async () => {
    const listId = await seededList(s, 'links', 5);
    const body = { list_id: listId, name: 'Links', body: 'Hi (First Name), see http://smsg.io/xxxxx today', url_to_shorten: 'https://example.com/offer' };
    const price = await s.request('POST', '/v3/sms-campaigns/price', { body });
    assert.equal(price.status, 200, JSON.stringify(price.body));
    // Priced with a link as long as the real ones (the parts are those of the text sent).
    assert.match(price.body.data.data.body, new RegExp(`^Hi Contact0, see ${s.origin}/s/[0-9A-Za-z]{8} today$`));

    const r = await createCampaign(s, body);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.url_to_shorten, 'https://example.com/offer');
    const id = r.body.data.sms_campaign_id;
    await waitFor('campaign sent', async () => ((await s.request('GET', `/v3/sms-campaigns/${id}`)).body.data.status === 'Sent' ? true : undefined));
    assert.deepEqual(await campaignMessages(s, id), { total: 5, contacts: 5 });

    const rows = await s.dbh.db.selectFrom('sms_messages').select(['body', 'contact_id', 'message_parts']).where('campaign_id', '=', id).orderBy('contact_id').execute();
    const urls = rows.map((m) => {
      const match = new RegExp(`^Hi Contact\\d+, see (${s.origin}/s/[0-9A-Za-z]{8}) today$`).exec(m.body);
      assert.ok(match, m.body);
      return match[1]!;
    });
    assert.equal(new Set(urls).size, 5, 'one link per recipient');
    assert.ok(
      urls.every((u) => !u.endsWith('/xxxxxxxx')),
      'every example link was replaced',
    );

    // Two clicks on the first contact's link, one on the second's.
    for (const [url, agent] of [
      [urls[0]!, IPHONE],
      [urls[0]!, IPHONE],
      [urls[1]!, CHROME],
    ] as const) {
      const click = await open(url, agent);
      assert.equal(click.status, 302);
      assert.equal(click.headers.get('location'), 'https://example.com/offer');
    }

    const tracking = await s.request('GET', `/v3/sms-campaigns/${id}/link-tracking`);
    assert.equal(tracking.status, 200, JSON.stringify(tracking.body));
    assert.equal(tracking.body.response_msg, 'Here is your result.');
    assert.equal(tracking.body.data.total, 5);
    const byContact = new Map(tracking.body.data.data.map((t: any) => [t.contact.contact_id, t]));
    const first = byContact.get(Number(rows[0]!.contact_id)) as any;
    assert.equal(first.open_count, 2);
    assert.equal(first.contact.first_name, 'Contact0');
    assert.match(first.date_opened, /^\d{10}$/);
    assert.equal((byContact.get(Number(rows[1]!.contact_id)) as any).open_count, 1);
    assert.equal((byContact.get(Number(rows[2]!.contact_id)) as any).open_count, 0);

    const stats = await s.request('GET', `/v3/sms-campaigns/${id}/link-statistics`);
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    assert.deepEqual(stats.body.data.links, { opened: 2, unopened: 3 });

    const exp = await s.request('GET', `/v3/sms-campaigns/${id}/link-export?filename=clicks.csv`);
    assert.equal(exp.status, 200, JSON.stringify(exp.body));
    assert.equal(exp.body.response_msg, 'Download your file here.');
    const csv = await (await fetch(exp.body.data.url)).text();
    assert.equal(csv.trim().split('\n').length, 6, csv);
    assert.ok(csv.includes('Contact0'));
  });

  it('keeps the placeholder text as typed when no url_to_shorten is given, and reports no links', async () => {
    const listId = await seededList(s, 'no links', 2);
    const r = await createCampaign(s, { list_id: listId, body: 'Literal smsg.us/xxxxx stays' });
    const id = r.body.data.sms_campaign_id;
    await waitFor('campaign sent', async () => ((await s.request('GET', `/v3/sms-campaigns/${id}`)).body.data.status === 'Sent' ? true : undefined));
    const rows = await s.dbh.db.selectFrom('sms_messages').select('body').where('campaign_id', '=', id).execute();
    assert.deepEqual(
      rows.map((m) => m.body),
      ['Literal smsg.us/xxxxx stays', 'Literal smsg.us/xxxxx stays'],
    );
    const tracking = await s.request('GET', `/v3/sms-campaigns/${id}/link-tracking`);
    assert.equal(tracking.body.data.total, 0);
  });

  it('exports links as export.csv (a CSV download) when filename is absent or empty', async () => {
    const listId = await seededList(s, 'export names', 1);
    const id = (await createCampaign(s, { list_id: listId, body: 'x' })).body.data.sms_campaign_id;
    for (const q of ['', '?filename=']) {
      const exp = await s.request('GET', `/v3/sms-campaigns/${id}/link-export${q}`);
      assert.equal(exp.status, 200, JSON.stringify(exp.body));
      assert.match(exp.body.data.url, /\?filename=export\.csv$/, q);
      const file = await fetch(exp.body.data.url);
      assert.match(file.headers.get('content-type') ?? '', /^text\/csv/, q);
      assert.match(file.headers.get('content-disposition') ?? '', /filename="export\.csv"/, q);
    }
  });

  it('shows link-tracking and link-export (they name contacts) only to keys with access_contacts; link-statistics needs access_sms alone', async () => {
    const listId = await seededList(s, 'private links', 1);
    const id = (await createCampaign(s, { list_id: listId, body: 'x' })).body.data.sms_campaign_id;
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'links-sms-only', password: 'password-123', email: 'links@example.com', phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_sms: 1, access_contacts: 0 },
    });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const as = { username: 'links-sms-only', apiKey: sub.body.data.api_key as string };
    for (const path of [`/v3/sms-campaigns/${id}/link-tracking`, `/v3/sms-campaigns/${id}/link-export?filename=x.csv`]) {
      const r = await s.request('GET', path, { as });
      assert.equal(r.status, 403, `${path} ${JSON.stringify(r.body)}`);
      assert.match(r.body.response_msg, /access_contacts/);
    }
    assert.equal((await s.request('GET', `/v3/sms-campaigns/${id}/link-statistics`, { as })).status, 200);
  });
});
