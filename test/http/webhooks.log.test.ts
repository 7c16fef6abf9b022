import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { drain, enqueue, inboundSms, push, receipt } from '../helpers/webhooks.js';

const LIST = '/v3/sendbox/webhook-deliveries';

/** The delivery log routes: list (newest first, filters, pages), one delivery with its attempts, redeliver, tenancy. */
describe('webhook delivery log', () => {
  let s: TestServer;
  let rx: WebhookReceiver;
  let t = Date.UTC(2031, 5, 1);
  const clock = { nowMs: () => t };

  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0', ALLOW_PRIVATE_URLS: '1', WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_RETRY_BASE_MS: '1000', WEBHOOK_TIMEOUT_MS: '1000' } });
    rx = await startWebhookReceiver();
  });
  after(async () => {
    await s.close();
    await rx.close();
  });

  it('lists the account’s deliveries newest first in ClickSend’s pages, filtered by status, event type and message id', async () => {
    const who = await s.createAccount('wh-log');
    rx.reply((req) => (req.url.includes('fail') ? { status: 500 } : { status: 200 }));
    const ok = await enqueue(
      s,
      Array.from({ length: 16 }, (_, i) => push(receipt(who.accountId, { messageId: `MSG-${i}` }), rx.url)),
    );
    const failing = await enqueue(s, [push(inboundSms(who.accountId, { messageId: 'MSG-IN' }), `${rx.url}?fail=1`, 'json')]);
    t += 1000;
    const waiting = await enqueue(s, [push(receipt(who.accountId, { channel: 'voice', messageId: 'MSG-V' }), `${rx.url}?fail=1`)]);
    await drain(s); // the inbound push fails once and waits; the voice one as well
    t += 1000;
    await drain(s); // both fail a second time: WEBHOOK_MAX_ATTEMPTS 2 makes them Failed
    const late = await enqueue(s, [push(receipt(who.accountId, { messageId: 'MSG-LATE' }), rx.url)]);

    const page1 = await s.request('GET', LIST, { as: who });
    assert.equal(page1.status, 200);
    const p = page1.body.data;
    assert.deepEqual([p.total, p.per_page, p.current_page, p.last_page, p.from, p.to], [19, 15, 1, 2, 1, 15]);
    assert.match(p.next_page_url, /\/v3\/sendbox\/webhook-deliveries\?page=2$/);
    assert.deepEqual(
      p.data.slice(0, 3).map((d: any) => d.event_id),
      [late[0], waiting[0], failing[0]],
      'newest first',
    );
    const newest = p.data[0];
    assert.deepEqual(
      [newest.status, newest.event_type, newest.message_id, newest.webhook_type, newest.rule_kind, newest.attempt_count, newest.delivered_at],
      ['Queued', 'sms.receipt', 'MSG-LATE', 'post', null, 0, null],
    );
    assert.equal(newest.next_attempt_at, Math.floor(t / 1000));
    assert.equal(newest.payload.message_id, 'MSG-LATE');
    assert.equal((await s.request('GET', `${LIST}?page=2`, { as: who })).body.data.data.length, 4);

    const only = async (q: string) => (await s.request('GET', `${LIST}?${q}`, { as: who })).body.data.data.map((d: any) => d.event_id);
    assert.deepEqual(await only('status=Failed'), [waiting[0], failing[0]]);
    assert.equal((await only('status=Delivered&limit=100')).length, 16);
    assert.deepEqual(await only('status=Queued'), [late[0]]);
    assert.deepEqual(await only('event_type=sms.inbound'), [failing[0]]);
    assert.deepEqual(await only('event_type=voice.receipt'), [waiting[0]]);
    assert.deepEqual(await only('message_id=MSG-3'), [ok[3]]);
    assert.deepEqual(await only('message_id=MSG-3&status=Failed'), []);

    const bad = await s.request('GET', `${LIST}?status=Lost`, { as: who });
    assert.deepEqual([bad.status, bad.body.response_code], [400, 'BAD_REQUEST']);
    assert.match(bad.body.response_msg, /status/);
  });

  it('shows one delivery with every attempt; redeliver starts a new cycle with the same event id and payload', async () => {
    rx.reply(() => ({ status: 500, body: 'down' }));
    const [id] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    await drain(s);
    t += 1000;
    await drain(s);
    let d = (await s.request('GET', `${LIST}/${id}`)).body.data;
    assert.deepEqual([d.status, d.cycle, d.attempt_count, d.attempts.length], ['Failed', 1, 2, 2]);

    rx.reply(() => ({ status: 200, body: 'OK' }));
    const again = await s.request('POST', `${LIST}/${id}/redeliver`);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual([again.body.data.status, again.body.data.cycle, again.body.data.attempt_count, again.body.data.last_error], ['Queued', 2, 0, null]);
    await drain(s);
    d = (await s.request('GET', `${LIST}/${id}`)).body.data;
    assert.equal(d.status, 'Delivered');
    assert.deepEqual(
      d.attempts.map((a: any) => [a.cycle, a.attempt, a.http_status]),
      [
        [1, 1, 500],
        [1, 2, 500],
        [2, 1, 200],
      ],
    );
    const seen = rx.requests.filter((r) => r.eventId === id);
    assert.equal(seen.length, 3);
    assert.equal(new Set(seen.map((r) => r.body)).size, 1, 'the same payload every time');

    // A delivered push may be redelivered too (a receiver that lost it).
    assert.equal((await s.request('POST', `${LIST}/${id}/redeliver`)).body.data.cycle, 3);
    await drain(s);
  });

  it('refuses to redeliver while an attempt is in flight (409), and accepts once it has ended', async () => {
    rx.reply(() => 'hang');
    const [id] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    const before = rx.requests.length;
    const running = drain(s);
    await rx.waitFor(before + 1);
    const r = await s.request('POST', `${LIST}/${id}/redeliver`);
    assert.deepEqual([r.status, r.body.response_code], [409, 'CONFLICT']);
    assert.match(r.body.response_msg, /being delivered right now/);
    assert.equal((await s.request('GET', `${LIST}/${id}`)).body.data.status, 'Processing');
    await running; // the attempt times out
    rx.reply(() => ({ status: 200 }));
    assert.equal((await s.request('POST', `${LIST}/${id}/redeliver`)).status, 200);
  });

  it('another account gets 404 for every route naming the first account’s event ids, and sees none of them', async () => {
    const [id] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    const intruder = await s.createAccount('wh-intruder');
    for (const [method, path] of [
      ['GET', `${LIST}/${id}`],
      ['POST', `${LIST}/${id}/redeliver`],
    ] as const) {
      const r = await s.request(method, path, { as: intruder });
      assert.deepEqual([r.status, r.body.response_code], [404, 'NOT_FOUND'], `${method} ${path}`);
      assert.equal(r.body.response_msg, `Webhook delivery ${id} not found.`);
    }
    assert.equal((await s.request('GET', LIST, { as: intruder })).body.data.total, 0);
    assert.equal((await s.request('GET', `${LIST}/not-an-id`)).status, 404);
    const row = await s.dbh.db.selectFrom('webhook_deliveries').select(['status', 'cycle']).where('event_id', '=', id!).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, Number(row.cycle)], ['Queued', 1], 'the intruder changed nothing');
  });

  it('documents the routes in /openapi.json', async () => {
    const doc = (await (await fetch(`${s.origin}/openapi.json`)).json()) as any;
    const ops = Object.values(doc.paths as Record<string, any>).flatMap((item) => Object.values(item).map((op: any) => op.operationId));
    for (const op of [
      'sendbox.webhooks.deliveries.list',
      'sendbox.webhooks.deliveries.get',
      'sendbox.webhooks.deliveries.redeliver',
      'sendbox.webhooks.secret.get',
      'sendbox.webhooks.secret.rotate',
    ]) {
      assert.ok(ops.includes(op), op);
    }
  });
});
