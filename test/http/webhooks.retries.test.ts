import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { drain, enqueue, push, receipt } from '../helpers/webhooks.js';

const BASE = 1_000;
const MAX = 3_000;

/**
 * Retries on the test's clock (WEBHOOK_RETRY_BASE_MS 1 s doubling up to 3 s, 4 attempts, a 1 s timeout): the
 * dispatcher runs only when the test calls it, and the clock moves only when the test moves it.
 */
describe('webhook retries, timeouts and the attempt log', () => {
  let s: TestServer;
  let rx: WebhookReceiver;
  let t = Date.UTC(2031, 0, 1);
  const clock = { nowMs: () => t };

  const detail = async (id: string) => {
    const r = await s.request('GET', `/v3/sendbox/webhook-deliveries/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data;
  };
  /** Moves the clock to the next retry and runs the dispatcher once more. */
  const nextAttempt = async (ms: number) => {
    t += ms;
    await drain(s);
  };

  before(async () => {
    s = await startServer({
      clock,
      env: { DISPATCH: '0', ALLOW_PRIVATE_URLS: '1', WEBHOOK_RETRY_BASE_MS: String(BASE), WEBHOOK_RETRY_MAX_MS: String(MAX), WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_TIMEOUT_MS: '1000' },
    });
    rx = await startWebhookReceiver();
  });
  after(async () => {
    await s.close();
    await rx.close();
  });

  it('retries a receiver answering 500 twice, then 200: three attempts, the wait doubling, then Delivered', async () => {
    let calls = 0;
    rx.reply(() => (++calls <= 2 ? { status: 500, body: 'busy' } : { status: 200, body: 'OK' }));
    const [id] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    const t0 = t;
    await drain(s);
    let d = await detail(id!);
    assert.deepEqual([d.status, d.attempt_count, d.last_http_status, d.next_attempt_at], ['Queued', 1, 500, Math.ceil((t0 + BASE) / 1000)]);
    await drain(s);
    assert.equal(calls, 1, 'nothing is retried before its wait is over');
    await nextAttempt(BASE);
    await nextAttempt(2 * BASE);
    d = await detail(id!);
    assert.equal(d.status, 'Delivered');
    assert.equal(d.delivered_at, Math.floor(t / 1000));
    assert.deepEqual(
      d.attempts.map((a: any) => [a.cycle, a.attempt, a.http_status, a.error, a.response_excerpt, a.next_retry_at_ms, a.started_at_ms]),
      [
        [1, 1, 500, 'answered HTTP 500', 'busy', t0 + BASE, t0],
        [1, 2, 500, 'answered HTTP 500', 'busy', t0 + 3 * BASE, t0 + BASE],
        [1, 3, 200, null, 'OK', null, t0 + 3 * BASE],
      ],
    );
    assert.ok(d.attempts.every((a: any) => a.url === rx.url && Number.isInteger(a.latency_ms) && a.latency_ms >= 0));
    assert.equal(rx.requests.filter((r) => r.eventId === id).length, 3);
    assert.deepEqual(
      rx.requests.filter((r) => r.eventId === id).map((r) => r.headers['x-sendbox-attempt']),
      ['1', '2', '3'],
    );
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS on a receiver that never answers 2xx, the wait capped at WEBHOOK_RETRY_MAX_MS', async () => {
    rx.reply(() => ({ status: 404, body: 'no such hook' }));
    const [id] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    const t0 = t;
    await drain(s);
    await nextAttempt(BASE);
    await nextAttempt(2 * BASE);
    await nextAttempt(MAX); // 4 s would be next, capped at 3 s
    await nextAttempt(60_000);
    const d = await detail(id!);
    assert.equal(d.status, 'Failed');
    assert.match(d.last_error, /answered HTTP 404 \(gave up after 4 attempts\)/);
    assert.deepEqual(
      d.attempts.map((a: any) => [a.attempt, a.http_status, a.next_retry_at_ms]),
      [
        [1, 404, t0 + BASE],
        [2, 404, t0 + 3 * BASE],
        [3, 404, t0 + 3 * BASE + MAX],
        [4, 404, null],
      ],
    );
    assert.equal(rx.requests.filter((r) => r.eventId === id).length, 4);
  });

  it('logs a receiver that hangs as a timeout, with no status, and retries it', async () => {
    rx.reply(() => 'hang');
    const [id] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    await drain(s);
    const d = await detail(id!);
    assert.equal(d.status, 'Queued');
    const [a] = d.attempts;
    assert.equal(a.http_status, null);
    assert.match(a.error, /did not finish within 1000 ms/);
    assert.ok(a.latency_ms >= 900, `the attempt waited for the timeout (${a.latency_ms} ms)`);
    assert.equal(a.next_retry_at_ms, t + BASE);
  });

  it('reads at most a capped answer: a huge body is cut, and the excerpt keeps 500 characters without control characters', async () => {
    const noisy = `line one\r\nline\ttwo\u0001\u001b[31m${'x'.repeat(2 * 1024 * 1024)}`;
    rx.reply(() => ({ status: 503, body: noisy }));
    const [failing] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    await drain(s);
    const [a] = (await detail(failing!)).attempts;
    assert.equal(a.http_status, 503);
    assert.equal(a.response_excerpt.length, 500);
    assert.equal(a.response_excerpt.slice(0, 25), 'line one  line two  [31mx');
    assert.doesNotMatch(a.response_excerpt, /[\u0000-\u001f\u007f]/);

    // An answer that never ends: read in full it would run into the 1 s timeout; capped, it is done after 4 KiB.
    rx.reply(() => ({ status: 200, body: Buffer.alloc(64 * 1024, 'y'), keepOpen: true }));
    const [ok] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    await drain(s);
    const d = await detail(ok!);
    assert.equal(d.status, 'Delivered', 'a 2xx whose body never ends still ends the delivery');
    assert.equal(d.attempts[0].response_excerpt, 'y'.repeat(500));
  });

  it('does not follow a redirect: a 3xx is a failed attempt, and the new location is never asked', async () => {
    rx.reply((req) => (req.url === '/hook' ? { status: 302, body: 'moved' } : { status: 200 }));
    const before = rx.requests.length;
    const [id] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url)]);
    await drain(s);
    const d = await detail(id!);
    assert.deepEqual([d.status, d.attempts[0].http_status], ['Queued', 302]);
    assert.match(d.attempts[0].error, /HTTP 302 \(redirects are not followed\)/);
    assert.equal(rx.requests.length, before + 1);
  });

  it('retries a receiver that refuses connections, naming the failure', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const [id] = await enqueue(s, [push(receipt(s.owner.accountId), `http://127.0.0.1:${closed}/hook`)]);
    await drain(s);
    const d = await detail(id!);
    assert.equal(d.status, 'Queued');
    assert.equal(d.attempts[0].http_status, null);
    assert.match(d.attempts[0].error, /could not be fetched/);
  });
});

describe('webhook address checks (ALLOW_PRIVATE_URLS off)', () => {
  let s: TestServer;
  let rx: WebhookReceiver;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
    rx = await startWebhookReceiver();
  });
  after(async () => {
    await s.close();
    await rx.close();
  });

  it('fails a push to a loopback or private address at once, without retries, naming the reason', async () => {
    const [loop, priv] = await enqueue(s, [push(receipt(s.owner.accountId), rx.url), push(receipt(s.owner.accountId), 'http://10.1.2.3/hook')]);
    await drain(s);
    for (const [id, words] of [
      [loop!, /loopback address; set ALLOW_PRIVATE_URLS=1/],
      [priv!, /private address; set ALLOW_PRIVATE_URLS=1/],
    ] as const) {
      const d = (await s.request('GET', `/v3/sendbox/webhook-deliveries/${id}`)).body.data;
      assert.equal(d.status, 'Failed');
      assert.match(d.last_error, words);
      assert.equal(d.attempts.length, 1);
      assert.equal(d.attempts[0].next_retry_at, null);
    }
    assert.equal(rx.requests.length, 0, 'the receiver never heard of it');
  });
});
