import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile, money, SANDBOX, sendSms } from '../helpers/sms.js';

const RECEIPT_ITEM = ['_message_type', 'custom_string', 'error_code', 'error_text', 'message_id', 'status_code', 'status_text', 'timestamp', 'timestamp_send'];
const RECEIPT_ONE = ['custom_string', 'error_code', 'error_text', 'message_id', 'message_type', 'status_code', 'status_text', 'timestamp', 'timestamp_send'];
const INBOUND = ['_keyword', 'body', 'custom_string', 'from', 'message_id', 'original_body', 'original_message_id', 'timestamp', 'to'];

/** Delivery receipts, inbound messages and opt-outs, with the test's clock and a dispatcher the test drives. */
describe('SMS receipts, inbound messages and STOP', () => {
  let s: TestServer;
  let t = Date.UTC(2030, 5, 1);
  let n = 0;
  const clock = { nowMs: () => t };
  const nowS = () => Math.floor(t / 1000);
  const account = () => s.createAccount(`sms-inbox-${++n}`);
  /** Hands off everything due and lets a second pass, so every receipt due by then arrives. */
  const deliverAll = async () => {
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    t += 1_000;
    while ((await s.services.sms.receiptSweep.runOnce()) > 0);
  };

  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0', SMS_RECEIPT_DELAY_MS: '1000' } });
  });
  after(() => s.close());

  it('lists arrived receipts unread and oldest first in the documented shape, then marks them read before a date, then all', async () => {
    const who = await account();
    const first = await sendSms(
      s,
      [1, 2, 3].map((i) => ({ to: mobile(100 + i), body: `receipt ${i}`, custom_string: `ref-${i}` })),
      who,
    );
    await deliverAll();
    const firstAt = nowS();
    t += 10_000;
    await sendSms(s, [{ to: SANDBOX.failsPermanently, body: 'receipt 4' }], who);
    await deliverAll();

    const list = await s.request('GET', '/v3/sms/receipts', { as: who });
    assert.equal(list.status, 200);
    assert.equal(list.body.response_msg, 'Here are your delivery receipts.');
    assert.equal(list.body.data.total, 4);
    const items = list.body.data.data;
    for (const r of items) assert.deepEqual(Object.keys(r).sort(), RECEIPT_ITEM);
    assert.deepEqual(
      items.map((r: any) => r.message_id).slice(0, 3),
      first.body.data.messages.map((m: any) => m.message_id),
    );
    assert.deepEqual([items[0].status_code, items[0].status_text, items[0].custom_string, items[0]._message_type], ['201', 'Success: Message received on handset.', 'ref-1', 'sms']);
    assert.equal(items[0].timestamp, String(firstAt));
    assert.deepEqual([items[3].status_code, items[3].error_code], ['301', '8']);

    const one = await s.request('GET', `/v3/sms/receipts/${items[0].message_id}`, { as: who });
    assert.deepEqual(Object.keys(one.body.data).sort(), RECEIPT_ONE);
    assert.equal(one.body.data.message_type, 'sms');

    const read = await s.request('PUT', '/v3/sms/receipts-read', { as: who, body: { date_before: firstAt + 1 } });
    assert.deepEqual([read.status, read.body.data, read.body.response_msg], [200, [], 'Receipts has been marked as read.']);
    assert.deepEqual(
      (await s.request('GET', '/v3/sms/receipts', { as: who })).body.data.data.map((r: any) => r.status_code),
      ['301'],
    );
    const all = await s.request('PUT', '/v3/sms/receipts-read', { as: who });
    assert.equal(all.status, 200, 'the SDK sends no body at all when date_before is absent');
    assert.equal((await s.request('GET', '/v3/sms/receipts', { as: who })).body.data.total, 0);
    assert.equal((await s.request('GET', `/v3/sms/receipts/${items[0].message_id}`, { as: who })).status, 200, 'a read receipt can still be fetched');
  });

  it('adds a test receipt in the documented shape, and refuses a url that is not one', async () => {
    const who = await account();
    const r = await s.request('POST', '/v3/sms/receipts', { as: who, body: { url: 'https://example.com/hook' } });
    assert.deepEqual([r.status, r.body.response_msg], [200, 'Receipt has been added']);
    assert.deepEqual(Object.keys(r.body.data).sort(), ['custom_string', 'error_code', 'error_text', 'message_id', 'status_code', 'status_text', 'timestamp']);
    assert.deepEqual([r.body.data.status_code, r.body.data.status_text, r.body.data.timestamp], ['201', 'Success: Message received on handset.', String(nowS())]);
    assert.deepEqual(
      (await s.request('GET', '/v3/sms/receipts', { as: who })).body.data.data.map((x: any) => x.message_id),
      [r.body.data.message_id],
    );
    const bad = await s.request('POST', '/v3/sms/receipts', { as: who, body: { url: 'not a url' } });
    assert.deepEqual([bad.status, bad.body.response_code], [400, 'BAD_REQUEST']);
    assert.match(bad.body.response_msg, /url/);
  });

  it('turns the replying number’s answer into an inbound message linked to what was sent, stored once however often the sweep runs', async () => {
    const who = await account();
    const sent = await sendSms(s, [{ to: SANDBOX.replies, body: 'Are you coming?', from: '+61400000000', custom_string: 'rsvp-7' }], who);
    const outId = sent.body.data.messages[0].message_id as string;
    await deliverAll();

    const list = await s.request('GET', '/v3/sms/inbound', { as: who });
    assert.equal(list.body.data.total, 1);
    const reply = list.body.data.data[0];
    assert.deepEqual(Object.keys(reply).sort(), INBOUND);
    assert.deepEqual(
      [reply.from, reply.to, reply.original_message_id, reply.original_body, reply.custom_string, reply._keyword, reply.timestamp],
      [SANDBOX.replies, '+61400000000', outId, 'Are you coming?', 'rsvp-7', 'thanks', String(nowS())],
    );
    const byOutbound = await s.request('GET', `/v3/sms/inbound/${outId}`, { as: who });
    assert.deepEqual([byOutbound.status, byOutbound.body.response_msg, byOutbound.body.data], [200, "Here's your result.", reply]);
    assert.equal((await s.request('GET', '/v3/sms/inbound/00000000-0000-0000-0000-000000000000', { as: who })).status, 404);

    // Put the message back at the network, as if the sweep had crashed after its commit but the run were repeated.
    await s.dbh.db.updateTable('sms_messages').set({ status_code: 200 }).where('message_id', '=', outId).execute();
    await s.services.sms.receiptSweep.runOnce();
    assert.equal((await s.request('GET', '/v3/sms/inbound', { as: who })).body.data.total, 1, 'the reply is not stored twice');
    const receipts = await s.dbh.db.selectFrom('sms_receipts').select('id').where('message_id', '=', outId).execute();
    assert.equal(receipts.length, 1, 'nor the receipt');
  });

  it('opts a number out when it answers STOP: later sends to it are refused, uncharged, for this account only', async () => {
    const who = await account();
    await sendSms(s, [{ to: SANDBOX.repliesStop, body: 'Big sale today' }], who);
    await deliverAll();
    const stop = (await s.request('GET', '/v3/sms/inbound?q=_keyword:stop', { as: who })).body.data.data;
    assert.deepEqual(
      stop.map((m: any) => [m.from, m.body]),
      [[SANDBOX.repliesStop, 'STOP']],
    );

    const before = await money(s, who.accountId);
    const again = await sendSms(
      s,
      [
        { to: SANDBOX.repliesStop, body: 'Bigger sale' },
        { to: mobile(200), body: 'Bigger sale' },
      ],
      who,
    );
    assert.deepEqual(
      again.body.data.messages.map((m: any) => m.status),
      ['INVALID_RECIPIENT', 'SUCCESS'],
    );
    assert.equal(before.balance - (await money(s, who.accountId)).balance, s.services.pricing.smsRateMicros('AU', 'AUD'));
    const priced = await s.request('POST', '/v3/sms/price', { as: who, body: { messages: [{ to: SANDBOX.repliesStop, body: 'x' }] } });
    assert.equal(priced.body.data.messages[0].status, 'INVALID_RECIPIENT');

    const other = await account();
    assert.equal((await sendSms(s, [{ to: SANDBOX.repliesStop, body: 'Big sale today' }], other)).body.data.messages[0].status, 'SUCCESS');
  });

  it('adds test inbound messages linked to the latest message by default; one saying STOP opts its sender out', async () => {
    const who = await account();
    const sent = await sendSms(s, [{ to: mobile(300), body: 'Original text', custom_string: 'orig' }], who);
    const r = await s.request('POST', '/v3/sms/inbound', { as: who, body: { url: 'https://example.com/inbound' } });
    assert.deepEqual([r.status, r.body.response_msg], [200, 'Here are your incoming messages.']);
    assert.deepEqual(Object.keys(r.body.data).sort(), INBOUND);
    assert.deepEqual(
      [r.body.data.from, r.body.data.original_message_id, r.body.data.original_body, r.body.data.custom_string, r.body.data._keyword],
      [mobile(300), sent.body.data.messages[0].message_id, 'Original text', 'orig', 'this'],
    );
    const stop = await s.request('POST', '/v3/sms/inbound', { as: who, body: { url: 'https://example.com/inbound', from: mobile(301), body: 'Stop sending me these' } });
    assert.equal(stop.body.data._keyword, 'stop');
    assert.equal((await sendSms(s, [{ to: mobile(301), body: 'hello?' }], who)).body.data.messages[0].status, 'INVALID_RECIPIENT');
    const unknown = await s.request('POST', '/v3/sms/inbound', { as: who, body: { url: 'https://example.com/i', original_message_id: '00000000-0000-0000-0000-000000000000' } });
    assert.equal(unknown.status, 404);
  });

  it('marks inbound messages read one by one, before a date, or all', async () => {
    const who = await account();
    const add = (body: string) => s.request('POST', '/v3/sms/inbound', { as: who, body: { url: 'https://example.com/i', from: mobile(400), body } });
    const a = (await add('first')).body.data.message_id;
    t += 10_000;
    const cut = nowS();
    await add('second');
    await add('third');
    const one = await s.request('PUT', `/v3/sms/inbound-read/${a}`, { as: who });
    assert.deepEqual([one.status, one.body.data, one.body.response_msg], [200, [], 'Inbound messages have been marked as read.']);
    const unread = async () => (await s.request('GET', '/v3/sms/inbound', { as: who })).body.data.data.map((m: any) => m.body);
    assert.deepEqual(await unread(), ['second', 'third']);
    assert.equal((await s.request('PUT', '/v3/sms/inbound-read/00000000-0000-0000-0000-000000000000', { as: who })).status, 404);
    t += 10_000;
    await add('fourth');
    await s.request('PUT', '/v3/sms/inbound-read', { as: who, body: { date_before: cut + 1 } });
    assert.deepEqual(await unread(), ['fourth']);
    await s.request('PUT', '/v3/sms/inbound-read', { as: who, body: {} });
    assert.deepEqual(await unread(), []);
  });
});
