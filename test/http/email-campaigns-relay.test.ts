import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { campaignBody, drain, emailList, history } from '../helpers/email-campaigns.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { type Relay, startRelay } from '../helpers/smtp-relay.js';

/**
 * A campaign through SMTP_URL to a real smtp-server on loopback: the relay's 250 makes a recipient Sent, its 5xx a
 * hard bounce (Failed, hard_bounce_count), its 4xx a retry (soft_bounce_count) that succeeds once time moves on.
 */
describe('an email campaign through a loopback SMTP relay', () => {
  let t = Date.UTC(2030, 5, 1);
  const clock = { nowMs: () => t };
  let s: TestServer;
  let relay: Relay;
  let fromId: number;
  before(async () => {
    relay = await startRelay();
    s = await startServer({ clock, env: { DISPATCH: '0', SMTP_URL: relay.url(), EMAIL_RETRY_BASE_MS: '10000' } });
    const r = await s.request('POST', '/v3/email/addresses', { body: { email_address: 'news@acme.example' } });
    fromId = r.body.data.email_address_id;
    await s.dbh.db.updateTable('email_addresses').set({ verified: 1 }).where('id', '=', fromId).execute();
  });
  after(async () => {
    await s?.close();
    await relay?.close();
  });

  it('Sent on 250, Failed (hard bounce) on 550, retried (soft bounce) on 451 then Sent', async () => {
    let busy = true;
    relay.behaviour = {
      rcpt: (a) =>
        a === 'gone@example.com' ? { code: 550, text: '5.1.1 <gone@example.com>: Recipient address rejected' } : a === 'busy@example.com' && busy ? { code: 451, text: '4.3.0 try later' } : undefined,
    };
    const listId = await emailList(s, 'relay', [
      { email: 'ok@example.com', first_name: 'Ok' },
      { email: 'gone@example.com', first_name: 'Gone' },
      { email: 'busy@example.com', first_name: 'Busy' },
    ]);
    const id = (await s.request('POST', '/v3/email-campaigns/send', { body: campaignBody(listId, fromId) })).body.data.data.email_campaign_id;
    await drain(s);
    const first = Object.fromEntries((await history(s, id)).map((h) => [h.to_address, h]));
    assert.equal(first['ok@example.com'].status, 'Sent');
    assert.equal(first['gone@example.com'].status, 'Failed');
    assert.equal(first['gone@example.com'].hard_bounce_count, 1);
    assert.equal(first['busy@example.com'].status, 'Queued', 'waiting for its retry');

    const got = relay.delivered.find((d) => d.to.includes('ok@example.com'));
    assert.ok(got, 'the relay received the email');
    const mail = await simpleParser(got.raw);
    assert.equal(mail.subject, 'Hello Ok');
    assert.ok(
      mail.headerLines.some((h) => h.key === 'list-unsubscribe-post'),
      'RFC 8058 headers reach the relay',
    );

    busy = false;
    t += 60_000;
    await drain(s);
    const busyNow = (await history(s, id)).find((h) => h.to_address === 'busy@example.com');
    assert.equal(busyNow.status, 'Sent');
    assert.equal(busyNow.soft_bounce_count, 1);
    const c = (await s.request('GET', `/v3/email-campaigns/${id}`)).body.data;
    assert.deepEqual([c.send_count, c.hard_bounce_count, c.soft_bounce_count], [2, 1, 1]);
  });
});
