import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST_SMS_ENV, mobile, SANDBOX, waitFor } from '../helpers/sms.js';

function message(fields: Partial<clicksend.SmsMessage>): clicksend.SmsMessage {
  return Object.assign(new clicksend.SmsMessage(), fields);
}

function collection(messages: clicksend.SmsMessage[]): clicksend.SmsMessageCollection {
  return Object.assign(new clicksend.SmsMessageCollection(), { messages });
}

/** Every SMSApi method Sendbox serves, called through the official `clicksend` SDK as an application would. */
describe('SMSApi (official SDK)', () => {
  let s: TestServer;
  let api: clicksend.SMSApi;
  const nowS = () => Math.floor(Date.now() / 1000);

  before(async () => {
    s = await startServer({ env: { ...FAST_SMS_ENV } });
    api = sdk(s, 'SMSApi');
  });
  after(() => s.close());

  it('smsSendPost sends, smsHistoryGet finds the message, and smsReceiptsByMessageIdGet gives its receipt', async () => {
    const sent = await call(api.smsSendPost(collection([message({ to: SANDBOX.delivers, body: 'SDK hello', from: 'Sendbox', customString: 'sdk-1' }), message({ to: 'nope', body: 'x' })])));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.response_msg, 'Messages queued for delivery.');
    const [ok, bad] = sent.body.data.messages;
    assert.deepEqual([ok.status, ok.custom_string, ok.from, bad.status], ['SUCCESS', 'sdk-1', 'Sendbox', 'INVALID_RECIPIENT']);
    assert.equal(sent.body.data.currency.currency_name_short, 'AUD');

    const receipt = await waitFor('the delivery receipt', async () => {
      const r = await call(api.smsReceiptsByMessageIdGet(ok.message_id));
      return r.status === 200 ? r : undefined;
    });
    assert.deepEqual([receipt.body.data.status_code, receipt.body.data.custom_string, receipt.body.data.message_type], ['201', 'sdk-1', 'sms']);

    const history = await call(api.smsHistoryGet(`message_id:${ok.message_id}`, nowS() - 3600, nowS() + 3600, 1, 15));
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.data.data.map((h: any) => [h.message_id, h.status, h.status_code]),
      [[ok.message_id, 'Sent', '201']],
    );

    const list = await call(api.smsReceiptsGet(1, 15));
    assert.ok(list.body.data.data.some((r: any) => r.message_id === ok.message_id));
  });

  it('smsPricePost prices without sending', async () => {
    const r = await call(api.smsPricePost(collection([message({ to: mobile(1), body: 'price me' })])));
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.data.queued_count, r.body.data.messages[0].message_parts, typeof r.body.data.messages[0].message_price], [1, 1, 'string']);
    assert.equal((await call(api.smsHistoryGet(`to:${mobile(1)}`))).body.data.total, 0);
  });

  it('smsReceiptsPost adds a test receipt and smsReceiptsReadPut marks receipts read, with and without DateBefore', async () => {
    const added = await call(api.smsReceiptsPost(Object.assign(new clicksend.Url(), { url: 'https://example.com/receipts' })));
    assert.deepEqual([added.status, added.body.data.status_code], [200, '201']);
    const before = await call(api.smsReceiptsReadPut(Object.assign(new clicksend.DateBefore(), { dateBefore: 1 })));
    assert.equal(before.status, 200);
    assert.ok(
      (await call(api.smsReceiptsGet())).body.data.data.some((r: any) => r.message_id === added.body.data.message_id),
      'date_before 1 marks nothing',
    );
    const all = await call(api.smsReceiptsReadPut());
    assert.equal(all.status, 200);
    assert.equal((await call(api.smsReceiptsGet())).body.data.total, 0);
  });

  it('smsInboundPost, smsInboundGet, smsInboundReadByMessageIdPut and smsInboundReadPut work on inbound messages', async () => {
    const url = Object.assign(new clicksend.Url(), { url: 'https://example.com/inbound' });
    const a = await call(api.smsInboundPost(url));
    const b = await call(api.smsInboundPost(url));
    assert.equal(a.status, 200);
    assert.equal(a.body.data.original_message_id !== null, true, 'linked to the latest outbound message');
    const list = await call(api.smsInboundGet(undefined, 1, 15));
    assert.deepEqual(
      list.body.data.data.map((m: any) => m.message_id),
      [a.body.data.message_id, b.body.data.message_id],
    );
    const one = await call(api.smsInboundReadByMessageIdPut(a.body.data.message_id));
    assert.equal(one.status, 200);
    assert.deepEqual(
      (await call(api.smsInboundGet())).body.data.data.map((m: any) => m.message_id),
      [b.body.data.message_id],
    );
    const all = await call(api.smsInboundReadPut(Object.assign(new clicksend.DateBefore(), { dateBefore: nowS() + 10 })));
    assert.equal(all.status, 200);
    assert.equal((await call(api.smsInboundGet())).body.data.total, 0);
    const bare = await call(api.smsInboundReadPut());
    assert.equal(bare.status, 200);
  });

  it('smsCancelByMessageIdPut and smsCancelAllPut cancel scheduled messages', async () => {
    const later = nowS() + 7200;
    const sent = await call(api.smsSendPost(collection([1, 2, 3].map((i) => message({ to: mobile(10 + i), body: `later ${i}`, schedule: later })))));
    const [first] = sent.body.data.messages;
    const one = await call(api.smsCancelByMessageIdPut(first.message_id));
    assert.deepEqual([one.status, one.body.data], [200, []]);
    const all = await call(api.smsCancelAllPut());
    assert.deepEqual([all.status, all.body.data], [200, { count: 2 }]);
    const unknown = await call(api.smsCancelByMessageIdPut('00000000-0000-0000-0000-000000000000'));
    assert.equal(unknown.status, 404);
  });

  it('smsHistoryExportGet gives a URL to the CSV', async () => {
    const r = await call(api.smsHistoryExportGet('export.csv'));
    assert.equal(r.status, 200);
    assert.match(r.body.data.url, /\/files\/[0-9A-F-]{36}\.csv\?filename=export\.csv$/);
    const csv = await (await fetch(r.body.data.url)).text();
    assert.match(csv.split('\n')[0]!, /^message_id,date,schedule/);
  });
});
