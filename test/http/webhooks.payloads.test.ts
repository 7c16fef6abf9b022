import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { drain, enqueue, inboundFax, inboundSms, push, receipt } from '../helpers/webhooks.js';

const FORM = 'application/x-www-form-urlencoded';
const entries = (form: string) => [...new URLSearchParams(form).entries()];

/**
 * What each event pushes in each webhook_type, field by field, against ../shared/clicksend-v3/webhooks.md: a real
 * loopback receiver reads the raw requests, as a receiver written for ClickSend would.
 */
describe('webhook payloads (webhooks.md §1–§3)', () => {
  let s: TestServer;
  let rx: WebhookReceiver;
  let acct: number;
  let sub: number;

  /** Queues one push through the app's outbox, delivers it, and returns the request the receiver saw. */
  async function deliver(req: Parameters<typeof push>): Promise<ReceivedRequest> {
    const before = rx.requests.length;
    const [eventId] = await enqueue(s, [push(...req)]);
    await drain(s);
    assert.equal(rx.requests.length, before + 1, 'exactly one request');
    const got = rx.requests.at(-1)!;
    assert.equal(got.eventId, eventId);
    return got;
  }

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0', ALLOW_PRIVATE_URLS: '1' } });
    rx = await startWebhookReceiver();
    acct = s.owner.accountId;
    sub = (await s.request('GET', '/v3/account')).body.data._subaccount.subaccount_id;
  });
  after(async () => {
    await s.close();
    await rx.close();
  });

  // §1: the 16-key superset in the order of the 2024 capture [S5].
  const inboundFields = (num: (n: number) => string | number) => [
    ['originalsenderid', '+61411111111'],
    ['body', 'Yes please & thanks = 100%'],
    ['message', 'Yes please & thanks = 100%'],
    ['sms', '+61422222222'],
    ['custom_string', 'booking-42'],
    ['to', '+61411111111'],
    ['original_message_id', 'B1B2C3D4-0000-4000-8000-00000000000B'],
    ['originalmessageid', 'B1B2C3D4-0000-4000-8000-00000000000B'],
    ['customstring', 'booking-42'],
    ['from', '+61422222222'],
    ['originalmessage', 'Want a table for two?'],
    ['user_id', num(acct)],
    ['subaccount_id', num(sub)],
    ['original_body', 'Want a table for two?'],
    ['timestamp', num(1_900_000_000)],
    ['message_id', 'A1B2C3D4-0000-4000-8000-00000000000A'],
  ];

  it('inbound SMS, webhook_type post: a form POST of the 16 fields in capture order, all strings', async () => {
    const got = await deliver([inboundSms(acct, { subaccountId: sub }), rx.url, 'post']);
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/hook');
    assert.equal(got.headers['content-type'], FORM);
    assert.deepEqual(entries(got.body), inboundFields(String));
  });

  it('inbound SMS, webhook_type get: the same fields as query parameters after the URL’s own, no body', async () => {
    const got = await deliver([inboundSms(acct, { subaccountId: sub }), `${rx.url}?token=a%20b`, 'get']);
    assert.equal(got.method, 'GET');
    assert.equal(got.body, '');
    const [path, query] = got.url.split('?') as [string, string];
    assert.equal(path, '/hook');
    assert.deepEqual(entries(query), [['token', 'a b'], ...inboundFields(String)]);
  });

  it('inbound SMS, webhook_type json: a JSON object, user_id, subaccount_id and timestamp numbers', async () => {
    const got = await deliver([inboundSms(acct, { subaccountId: sub }), rx.url, 'json']);
    assert.equal(got.method, 'POST');
    assert.equal(got.headers['content-type'], 'application/json');
    const body = JSON.parse(got.body);
    assert.deepEqual(
      Object.entries(body),
      inboundFields((n) => n),
    );
  });

  it('inbound SMS that replies to nothing: custom_string and the original_* fields are "" in every type', async () => {
    const bare = inboundSms(acct, { originalMessageId: null, originalBody: null, customString: null });
    const empties = ['custom_string', 'customstring', 'original_message_id', 'originalmessageid', 'originalmessage', 'original_body'];
    const form = new URLSearchParams((await deliver([bare, rx.url, 'post'])).body);
    const json = JSON.parse((await deliver([bare, rx.url, 'json'])).body);
    for (const k of empties) {
      assert.equal(form.get(k), '', `form ${k}`);
      assert.equal(json[k], '', `json ${k}`);
    }
  });

  it('SMS receipt: always a form POST of the documented fields in order with the messageid alias, null fields left out', async () => {
    const delivered = await deliver([receipt(acct), rx.url, 'json']); // receipts have no webhook_type: json is ignored
    assert.equal(delivered.method, 'POST');
    assert.equal(delivered.headers['content-type'], FORM);
    assert.deepEqual(entries(delivered.body), [
      ['timestamp_send', '1899999990'],
      ['timestamp', '1900000000'],
      ['message_id', 'C1B2C3D4-0000-4000-8000-00000000000C'],
      ['messageid', 'C1B2C3D4-0000-4000-8000-00000000000C'],
      ['status', 'Delivered'],
      ['status_code', '201'],
      ['status_text', 'Success: Message received on handset.'],
      ['custom_string', 'ref-7'],
      ['user_id', String(acct)],
      ['subaccount_id', String(acct)],
      ['message_type', 'sms'],
    ]);
    const failed = await deliver([
      receipt(acct, { status: 'Undelivered', statusCode: 301, statusText: 'Failed: absent subscriber', errorCode: 11, errorText: 'Absent subscriber', customString: null }),
      rx.url,
      'post',
    ]);
    const f = Object.fromEntries(entries(failed.body));
    assert.deepEqual([f.status, f.status_code, f.error_code, f.error_text], ['Undelivered', '301', '11', 'Absent subscriber']);
    assert.equal('custom_string' in f, false, 'no custom_string key when there is none');
  });

  it('MMS and fax receipts: the same fields with message_type mms / fax; no digits', async () => {
    for (const channel of ['mms', 'fax'] as const) {
      const got = Object.fromEntries(entries((await deliver([receipt(acct, { channel }), rx.url, 'post'])).body));
      assert.equal(got.message_type, channel);
      assert.equal('digits' in got, false);
      assert.equal(got.messageid, got.message_id);
    }
  });

  it('voice receipt: message_type voice and digits, "" without input', async () => {
    const pressed = Object.fromEntries(entries((await deliver([receipt(acct, { channel: 'voice', digits: '8' }), rx.url, 'post'])).body));
    assert.deepEqual([pressed.message_type, pressed.digits], ['voice', '8']);
    const none = Object.fromEntries(entries((await deliver([receipt(acct, { channel: 'voice', digits: null }), rx.url, 'post'])).body));
    assert.equal(none.digits, '');
  });

  it('email receipt (ours): the receipt fields with message_type email and the recipient as email', async () => {
    const got = entries((await deliver([receipt(acct, { channel: 'email', recipient: 'test1@test.com', messageId: '<E1@sendbox>' }), rx.url, 'post'])).body);
    assert.deepEqual(
      got.map(([k]) => k),
      ['timestamp_send', 'timestamp', 'message_id', 'messageid', 'status', 'status_code', 'status_text', 'custom_string', 'user_id', 'subaccount_id', 'message_type', 'email'],
    );
    const f = Object.fromEntries(got);
    assert.deepEqual([f.message_type, f.email, f.message_id], ['email', 'test1@test.com', '<E1@sendbox>']);
  });

  it('inbound fax (ours): a form POST of timestamp, ids, numbers, file_url, user ids and message_type fax', async () => {
    const got = await deliver([inboundFax(acct), rx.url, 'get']); // no webhook_type on fax rules: always a form POST
    assert.equal(got.method, 'POST');
    assert.deepEqual(entries(got.body), [
      ['timestamp', '1900000000'],
      ['message_id', 'D1B2C3D4-0000-4000-8000-00000000000D'],
      ['messageid', 'D1B2C3D4-0000-4000-8000-00000000000D'],
      ['from', '+61261111111'],
      ['to', '+61262222222'],
      ['file_url', 'https://files.example.com/fax/1.pdf'],
      ['user_id', String(acct)],
      ['subaccount_id', String(acct)],
      ['message_type', 'fax'],
    ]);
  });

  it('freezes the payload at enqueue time and queues a whole call in one go, event ids in order', async () => {
    const events = Array.from({ length: 300 }, (_, i) => push(receipt(acct, { messageId: `F0000000-0000-4000-8000-${String(i).padStart(12, '0')}` }), rx.url));
    const ids = await enqueue(s, events);
    assert.equal(new Set(ids).size, 300);
    const rows = await s.dbh.db.selectFrom('webhook_deliveries').select(['event_id', 'message_id', 'payload', 'event_type']).where('event_id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    ids.forEach((id, i) => {
      const row = byId.get(id)!;
      assert.equal(row.message_id, `F0000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      assert.equal(row.event_type, 'sms.receipt');
      assert.equal(JSON.parse(row.payload).messageid, row.message_id);
    });
    await drain(s);
    const sent = rx.requests.filter((r) => ids.includes(r.eventId));
    assert.equal(sent.length, 300);
    // What went out is the stored payload, field for field.
    for (const r of sent.slice(0, 5)) assert.deepEqual(Object.fromEntries(entries(r.body)), JSON.parse(byId.get(r.eventId)!.payload));
  });
});
