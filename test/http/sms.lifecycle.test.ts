import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { historyOf, mobile, money, SANDBOX, sendSms } from '../helpers/sms.js';

/**
 * The life of a message, step by step: the dispatcher is not started (DISPATCH=0) and the clock is
 * the test's, so each hand-off and each receipt happens exactly when the test says.
 */
describe('SMS lifecycle through the dispatcher and the simulated network', () => {
  let s: TestServer;
  let t = Date.UTC(2030, 0, 1);
  const clock = { nowMs: () => t };
  const advance = (ms: number) => void (t += ms);
  const dispatch = () => s.services.dispatcher.runOnce();
  const receipts = () => s.services.sms.receiptSweep.runOnce();
  const state = async (id: string) => {
    const h = (await historyOf(s, id))!;
    return [h.status, h.status_code, h.error_code];
  };

  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0', SMS_RECEIPT_DELAY_MS: '1000', SMS_DELAYED_RECEIPT_MS: '30000', SMS_RETRY_BASE_MS: '5000' } });
  });
  after(() => s.close());

  it('takes each sandbox number down its documented path: delivered, failed (301, 300), retried after 302, delayed', async () => {
    const to = [SANDBOX.delivers, SANDBOX.failsPermanently, SANDBOX.networkError, SANDBOX.failsTemporarily, SANDBOX.delayed, mobile(1)];
    const r = await sendSms(
      s,
      to.map((n) => ({ to: n, body: `lifecycle ${n}` })),
    );
    const [ok, perm, net, temp, delayed, ordinary] = r.body.data.messages.map((m: any) => m.message_id as string);
    for (const id of [ok, perm, net, temp, delayed, ordinary]) assert.deepEqual(await state(id!), ['Queued', null, null]);

    await dispatch();
    for (const id of [ok, perm, net, delayed, ordinary]) assert.deepEqual(await state(id!), ['Sent', '200', null], 'at the network');
    const waiting = (await historyOf(s, temp!))!;
    assert.deepEqual([waiting.status, waiting.status_code], ['Queued', '302'], 'refused for now: waits for its retry');
    assert.match(waiting.status_text, /Temporary failure/);

    assert.equal(await receipts(), 0, 'no receipt before its delay');
    advance(1_000);
    assert.equal(await receipts(), 4, 'every due receipt but the delayed one');
    assert.deepEqual(await state(ok!), ['Sent', '201', null]);
    assert.deepEqual(await state(ordinary!), ['Sent', '201', null]);
    assert.deepEqual(await state(perm!), ['Failed', '301', '8']);
    assert.deepEqual(await state(net!), ['Failed', '300', '16']);
    assert.deepEqual(await state(delayed!), ['Sent', '200', null], 'the delayed number has not reported yet');
    const delivered = (await historyOf(s, ok!))!;
    assert.equal(delivered.status_text, 'Success: Message received on handset.');
    const failed = (await historyOf(s, perm!))!;
    assert.equal(failed.error_text, 'Unknown subscriber. Number is inactive or invalid');

    advance(4_000);
    assert.equal((await dispatch()).claimed, 1, 'the retry comes due after its backoff');
    assert.deepEqual(await state(temp!), ['Sent', '200', null]);
    advance(1_000);
    await receipts();
    assert.deepEqual(await state(temp!), ['Sent', '201', null]);
    const row = await s.dbh.db.selectFrom('sms_messages').select('attempts').where('message_id', '=', temp!).executeTakeFirstOrThrow();
    assert.equal(row.attempts, 2);

    advance(30_000);
    await receipts();
    assert.deepEqual(await state(delayed!), ['Sent', '201', null]);
    const late = (await s.request('GET', `/v3/sms/receipts/${delayed}`)).body.data;
    assert.ok(Number(late.timestamp) - Number(late.timestamp_send) >= 30, 'the receipt came a delay after sending');
    assert.equal((await dispatch()).claimed, 0);
  });

  it('keeps a scheduled message waiting until its time, then sends it', async () => {
    const at = Math.floor(t / 1000) + 3600;
    const r = await sendSms(s, [{ to: mobile(2), body: 'later', schedule: at }]);
    const id = r.body.data.messages[0].message_id;
    assert.equal(r.body.data.messages[0].schedule, at);
    assert.deepEqual(await state(id), ['Scheduled', null, null]);
    assert.equal((await historyOf(s, id))!.schedule, String(at));
    advance(3_599_000);
    await dispatch();
    assert.deepEqual(await state(id), ['Scheduled', null, null]);
    advance(1_000);
    await dispatch();
    assert.deepEqual(await state(id), ['Sent', '200', null]);
  });

  it('cancels a scheduled message, refunds it through the ledger, and never hands it off', async () => {
    const before = await money(s, s.owner.accountId);
    const r = await sendSms(s, [{ to: mobile(3), body: 'to cancel', schedule: Math.floor(t / 1000) + 600 }]);
    const id = r.body.data.messages[0].message_id as string;
    const price = Math.round(r.body.data.messages[0].message_price * 1e6);
    assert.equal(before.balance - (await money(s, s.owner.accountId)).balance, price);

    const c = await s.request('PUT', `/v3/sms/${id}/cancel`);
    assert.deepEqual([c.status, c.body.data, c.body.response_msg], [200, [], `Message ${id} has been cancelled.`]);
    const h = (await historyOf(s, id))!;
    assert.deepEqual([h.status, h.status_code, h.error_code, h.error_text], ['Cancelled', '301', '5', 'Message is cancelled']);
    const after = await money(s, s.owner.accountId);
    assert.deepEqual([after.balance, after.ledger], [before.balance, before.balance], 'refunded in full, and the ledger agrees');
    const refund = await s.dbh.db.selectFrom('ledger_transactions').selectAll().where('reference', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([refund.kind, refund.product, refund.amount_micros, refund.quantity], ['refund', 'sms', price, 1]);

    advance(600_000);
    await dispatch();
    assert.deepEqual(await state(id), ['Cancelled', '301', '5'], 'the dispatcher never claims it');
    const again = await s.request('PUT', `/v3/sms/${id}/cancel`);
    assert.deepEqual([again.status, again.body.response_code], [400, 'BAD_REQUEST']);
    assert.match(again.body.response_msg, /cannot be cancelled/);
  });

  it('does not cancel a message a dispatcher already handed off, nor one it does not know', async () => {
    const r = await sendSms(s, [{ to: mobile(4), body: 'already gone' }]);
    const id = r.body.data.messages[0].message_id;
    await dispatch();
    const before = await money(s, s.owner.accountId);
    const c = await s.request('PUT', `/v3/sms/${id}/cancel`);
    assert.deepEqual([c.status, c.body.response_code], [400, 'BAD_REQUEST']);
    assert.deepEqual(await money(s, s.owner.accountId), before, 'no refund');
    const unknown = await s.request('PUT', '/v3/sms/00000000-0000-0000-0000-000000000000/cancel');
    assert.deepEqual([unknown.status, unknown.body.response_code], [404, 'NOT_FOUND']);
  });

  it('cancel-all cancels every waiting message, refunds each subaccount its own, and leaves sent ones alone', async () => {
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'sms-cancel-sub', password: 'password-123', email: 'c@example.com', phone_number: '+61411111111', first_name: 'C', last_name: 'S', access_sms: 1 },
    });
    const subWho = { username: 'sms-cancel-sub', apiKey: sub.body.data.api_key as string };
    const later = Math.floor(t / 1000) + 900;
    const before = await money(s, s.owner.accountId);
    await sendSms(
      s,
      [mobile(5), mobile(6)].map((to) => ({ to, body: 'owner later', schedule: later })),
    );
    await sendSms(s, [{ to: mobile(7), body: 'sub later', schedule: later }], subWho);
    const sent = await sendSms(s, [{ to: mobile(8), body: 'now' }]);
    await dispatch();
    const spent = before.balance - (await money(s, s.owner.accountId)).balance;

    const r = await s.request('PUT', '/v3/sms/cancel-all');
    assert.deepEqual([r.status, r.body.data, r.body.response_msg], [200, { count: 3 }, '3 messages has been cancelled.']);
    const after = await money(s, s.owner.accountId);
    assert.equal(before.balance - after.balance, Math.round(sent.body.data.messages[0].message_price * 1e6), 'only the sent one stays charged');
    assert.equal(after.balance, after.ledger);
    assert.ok(spent > 0);
    const refunds = await s.dbh.db
      .selectFrom('ledger_transactions')
      .select(['subaccount_id', 'quantity'])
      .where('account_id', '=', s.owner.accountId)
      .where('kind', '=', 'refund')
      .where('reference', '=', 'cancel-all')
      .orderBy('subaccount_id')
      .execute();
    assert.deepEqual(refunds.map((x) => x.quantity).sort(), [1, 2], 'one refund row per subaccount');
    assert.equal((await s.request('PUT', '/v3/sms/cancel-all')).body.data.count, 0);
  });
});
