import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { keyedPost, manualClock } from '../helpers/idempotency.js';
import { freePort, runCli, type Spawned } from '../helpers/process.js';
import { call, clicksend } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST_SMS_ENV, mobile, money, waitFor } from '../helpers/sms.js';

/** The SDK sends its defaultHeaders on every call; its types make them protected, so a subclass sets them. */
class KeyedSMSApi extends clicksend.SMSApi {
  setIdempotencyKey(key: string) {
    this.defaultHeaders = { 'Idempotency-Key': key };
  }
}

type Who = { username: string; apiKey: string; accountId: number };

// No throttle: a second send of the same message must show up as a second charge, not hide behind THROTTLED.
// A wait far beyond any test's run, so 20 concurrent duplicates all get the answer (never "still in progress").
const ENV = { ...FAST_SMS_ENV, SMS_THROTTLE_WINDOW_S: '0', IDEMPOTENCY_WAIT_MS: '120000', IDEMPOTENCY_POLL_MS: '10', IDEMPOTENCY_SWEEP_INTERVAL: '1' };

describe('Idempotency-Key on POST /sms/send', () => {
  const clock = manualClock();
  let s: TestServer;
  let n = 0;
  const account = (): Promise<Who> => s.createAccount(`idem-sms-${++n}`);
  const sms = (body: string, to = mobile(n)) => ({ messages: [{ to, body, custom_string: 'idem' }] });
  const send = (who: Who, key: string | undefined, body: unknown) => keyedPost(s, '/v3/sms/send', { key, body, as: who });
  const historyTotal = async (who: Who) => (await s.request('GET', '/v3/sms/history', { as: who })).body.data.total as number;
  const keysOf = (who: Who) => s.services.idempotency.repo.listForAccount(who.accountId);

  before(async () => {
    s = await startServer({ clock, env: ENV });
  });
  after(() => s.close());

  it('replays the first answer byte for byte with Idempotent-Replayed: true, and sends and charges once', async () => {
    const who = await account();
    const start = await money(s, who.accountId);
    const key = randomUUID();
    const first = await send(who, key, sms('Hello once'));
    assert.equal(first.status, 200, first.text);
    assert.equal(first.replayed, null, 'the first answer is not a replay');
    const charged = await money(s, who.accountId);
    assert.ok(charged.balance < start.balance, 'the first request charged');

    for (let i = 0; i < 3; i++) {
      const again = await send(who, key, sms('Hello once'));
      assert.equal(again.status, 200);
      assert.equal(again.text, first.text);
      assert.equal(again.replayed, 'true');
    }
    assert.deepEqual(await money(s, who.accountId), charged, 'replays charge nothing');
    assert.equal(await historyTotal(who), 1, 'one message sent');
  });

  it('treats the same JSON written with other key order and whitespace as the same request', async () => {
    const who = await account();
    const key = randomUUID();
    const first = await keyedPost(s, '/v3/sms/send', { key, as: who, raw: `{"messages":[{"to":"${mobile(500)}","body":"Same"}]}` });
    const again = await keyedPost(s, '/v3/sms/send', { key, as: who, raw: `{ "messages" : [ { "body" : "Same", "to" : "${mobile(500)}" } ] }` });
    assert.equal(first.status, 200, first.text);
    assert.equal(again.replayed, 'true');
    assert.equal(again.text, first.text);
    assert.equal(await historyTotal(who), 1);
  });

  it('answers the same key with a different body 409 CONFLICT naming Idempotency-Key, and sends nothing', async () => {
    const who = await account();
    const key = randomUUID();
    assert.equal((await send(who, key, sms('First body'))).status, 200);
    const paid = await money(s, who.accountId);
    const other = await send(who, key, sms('Second body'));
    assert.equal(other.status, 409, other.text);
    assert.deepEqual(other.body, {
      http_code: 409,
      response_code: 'CONFLICT',
      response_msg: `Idempotency-Key "${key}" was already used with a different request body; a key stands for one request: send a new key for a new request.`,
      data: null,
    });
    assert.equal(other.replayed, null);
    assert.deepEqual(await money(s, who.accountId), paid);
    assert.equal(await historyTotal(who), 1);
  });

  it('answers the same key on another send route 409 CONFLICT, before that route does anything', async () => {
    const who = await account();
    const key = randomUUID();
    assert.equal((await send(who, key, sms('An SMS'))).status, 200);
    const paid = await money(s, who.accountId);
    const card = {
      file_urls: ['https://print.example/card.pdf'],
      recipients: [{ address_name: 'A', address_line_1: '1 St', address_city: 'Perth', address_postal_code: '6000', address_country: 'AU', return_address_id: 1 }],
    };
    const r = await keyedPost(s, '/v3/post/postcards/send', { key, as: who, body: card });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.response_code, 'CONFLICT');
    assert.match(r.body.response_msg, /^Idempotency-Key ".+" was already used for POST \/v3\/sms\/send;/);
    assert.deepEqual(await money(s, who.accountId), paid);
  });

  it('resolves 20 concurrent duplicates to one send and one charge, and gives all 20 the same answer', async () => {
    const who = await account();
    const start = await money(s, who.accountId);
    const key = randomUUID();
    const body = { messages: Array.from({ length: 5 }, (_, i) => ({ to: mobile(100 + i), body: `Concurrent ${i}` })) };
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(who, key, body)));
    for (const a of answers) assert.equal(a.status, 200, a.text);
    assert.equal(new Set(answers.map((a) => a.text)).size, 1, 'every answer is the same bytes');
    assert.equal(answers.filter((a) => a.replayed === null).length, 1, 'exactly one request ran');
    assert.equal(answers.filter((a) => a.replayed === 'true').length, 19);
    assert.equal(await historyTotal(who), 5, 'five messages, sent once');
    const end = await money(s, who.accountId);
    assert.equal(start.balance - end.balance, 5 * s.services.pricing.smsRateMicros('AU', 'AUD'), 'charged once');
    assert.equal(end.balance, end.ledger);
    const debits = await s.dbh.db.selectFrom('ledger_transactions').select('id').where('account_id', '=', who.accountId).where('kind', '=', 'debit').execute();
    assert.equal(debits.length, 1, 'one debit');
  });

  it('keeps each account its own key space: the same key and body in another account sends there', async () => {
    const a = await account();
    const b = await account();
    const key = randomUUID();
    const body = sms('Shared key', mobile(600));
    const ra = await send(a, key, body);
    const rb = await send(b, key, body);
    assert.equal(rb.status, 200, rb.text);
    assert.equal(rb.replayed, null, 'not a replay of the other account');
    assert.notEqual(rb.body.data.messages[0].message_id, ra.body.data.messages[0].message_id);
    assert.equal(rb.body.data.messages[0].user_id, b.accountId);
    assert.equal((await send(a, key, body)).replayed, 'true', 'each account keeps its own answer');
    assert.equal((await send(b, key, body)).text, rb.text);
    assert.equal(await historyTotal(a), 1);
    assert.equal(await historyTotal(b), 1);
  });

  it("never gives a subaccount another subaccount's answer: the same key from other credentials is a 409", async () => {
    const owner = await account();
    const created = await s.request('POST', '/v3/subaccounts', {
      as: owner,
      body: { api_username: `idem-sub-${n}`, password: 'password-123', email: 'sub@example.com', phone_number: '+61411111111', first_name: 'S', last_name: 'B', access_sms: 1 },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const sub = { username: `idem-sub-${n}`, apiKey: created.body.data.api_key as string, accountId: owner.accountId };
    const key = randomUUID();
    const body = sms('From the owner');
    const first = await send(owner, key, body);
    assert.equal(first.status, 200);
    const paid = await money(s, owner.accountId);
    const r = await send(sub, key, body);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.response_code, 'CONFLICT');
    assert.match(r.body.response_msg, /Idempotency-Key ".+" was already used on this account with other credentials/);
    assert.doesNotMatch(r.text, new RegExp(owner.username), 'the first answer (which names its caller) is not shown');
    assert.deepEqual(await money(s, owner.accountId), paid, 'nothing sent');
  });

  it('refuses a bad Idempotency-Key with a 400 naming the header, and sends nothing', async () => {
    const who = await account();
    const cases: Array<[string, RegExp]> = [
      ['', /it is empty\.$/],
      ['k'.repeat(256), /it has 256\.$/],
      ['tab\there', /character 4 is U\+0009\.$/],
      ['caf\u00e9', /character 4 is U\+00E9\.$/],
    ];
    for (const [key, why] of cases) {
      const r = await send(who, key, sms('Never sent'));
      assert.equal(r.status, 400, `${JSON.stringify(key)}: ${r.text}`);
      assert.equal(r.body.response_code, 'BAD_REQUEST');
      assert.match(r.body.response_msg, /^Idempotency-Key must be 1 to 255 printable ASCII characters/);
      assert.match(r.body.response_msg, why);
    }
    assert.equal(await historyTotal(who), 0);
    assert.equal((await send(who, 'k'.repeat(255), sms('The longest key'))).status, 200, 'a 255-character key is fine');
    assert.equal((await send(who, undefined, sms('No key'))).status, 200, 'no key: an ordinary send');
    assert.equal(await historyTotal(who), 2);
  });

  it('sweeps keys past IDEMPOTENCY_TTL (24 h by default); the key then runs afresh', async () => {
    const who = await account();
    const key = randomUUID();
    const body = sms('Yesterday');
    const first = await send(who, key, body);
    clock.advance(12 * 3600);
    const young = randomUUID();
    assert.equal((await send(who, young, sms('Today'))).status, 200);
    clock.advance(12 * 3600 + 1); // the first key's 24 h are over, the young one's are not
    await waitFor('the sweep to delete the expired key', async () => ((await keysOf(who)).some((k) => k.idem_key === key) ? undefined : true));
    assert.deepEqual(
      (await keysOf(who)).map((k) => k.idem_key),
      [young],
      'a key inside its window stays',
    );
    const again = await send(who, key, body);
    assert.equal(again.status, 200);
    assert.equal(again.replayed, null);
    assert.notEqual(again.body.data.messages[0].message_id, first.body.data.messages[0].message_id);
    assert.equal((await send(who, young, sms('Today'))).replayed, 'true');
  });

  it('documents the header on every send route in the OpenAPI document (a send route without it did not opt in)', async () => {
    const doc = (await (await fetch(`${s.origin}/openapi.json`)).json()) as any;
    const sends = Object.entries(doc.paths as Record<string, any>).filter(([, item]) => /\.send$/.test(item.post?.operationId ?? ''));
    for (const p of ['/post/letters/send', '/post/postcards/send', '/sms/send'])
      assert.ok(
        sends.some(([q]) => q === p),
        p,
      );
    for (const [p, item] of sends) {
      const params = item.post.parameters ?? [];
      assert.ok(
        params.some((x: any) => x.in === 'header' && x.name === 'idempotency-key' && !x.required),
        `${p}: ${JSON.stringify(params)}`,
      );
    }
    assert.ok(!(doc.paths['/sms/price'].post.parameters ?? []).some((x: any) => x.name === 'idempotency-key'), 'price is not a send');
  });

  it('works from the official SDK (defaultHeaders): a retried smsSendPost is answered, not sent again', async () => {
    const who = await account();
    const api = new KeyedSMSApi(who.username, who.apiKey, s.base);
    api.setIdempotencyKey(randomUUID());
    const collection = Object.assign(new clicksend.SmsMessageCollection(), { messages: [Object.assign(new clicksend.SmsMessage(), { to: mobile(700), body: 'From the SDK' })] });
    const first = await call(api.smsSendPost(collection));
    const paid = await money(s, who.accountId);
    const again = await call(api.smsSendPost(collection));
    assert.equal(first.status, 200);
    assert.deepEqual(again, first);
    assert.deepEqual(await money(s, who.accountId), paid);
    assert.equal(await historyTotal(who), 1);
  });
});

describe('Idempotency-Key when the first request died (IDEMPOTENCY_LOCK_TIMEOUT)', () => {
  const clock = manualClock();
  let s: TestServer;
  before(async () => {
    s = await startServer({ clock, env: { ...ENV, IDEMPOTENCY_WAIT_MS: '0', IDEMPOTENCY_LOCK_TIMEOUT: '60' } });
  });
  after(() => s.close());

  it('answers 409 "still in progress" with Retry-After while the claim is live, and runs the request once its lock has expired', async () => {
    const who = await s.createAccount('idem-lock');
    const key = randomUUID();
    const body = { messages: [{ to: mobile(900), body: 'Crash test' }] };
    assert.equal((await keyedPost(s, '/v3/sms/send', { key, body, as: who })).status, 200);
    // The state a process leaves when it dies mid-request: the claim pending, its answer never stored.
    await s.dbh.db
      .updateTable('idempotency_keys')
      .set({ state: 'pending', response_body: null, status_code: null, lock_expires_ms: clock.nowMs() + 60_000 })
      .where('account_id', '=', who.accountId)
      .execute();
    const busy = await keyedPost(s, '/v3/sms/send', { key, body, as: who });
    assert.equal(busy.status, 409, busy.text);
    assert.equal(busy.body.response_code, 'CONFLICT');
    assert.match(busy.body.response_msg, /^A request with Idempotency-Key ".+" is still in progress; retry with the same key/);
    assert.equal(busy.retryAfter, '1');
    assert.equal((await keyedPost(s, '/v3/sms/send', { key, body: { messages: [{ to: mobile(900), body: 'Other' }] }, as: who })).status, 409, 'still a conflict for another body');

    clock.advance(61);
    const retried = await keyedPost(s, '/v3/sms/send', { key, body, as: who });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.replayed, null, 'the retry ran in place of the dead request');
    const replay = await keyedPost(s, '/v3/sms/send', { key, body, as: who });
    assert.equal(replay.replayed, 'true');
    assert.equal(replay.text, retried.text);
  });
});

describe('Idempotency-Key across processes', () => {
  let s: TestServer;
  let other: Spawned;
  let otherOrigin: string;
  before(async () => {
    s = await startServer({ env: ENV });
    // A second `sendbox serve` process on the same database: keys live there, not in either process.
    const port = await freePort();
    other = runCli(['serve'], { ...ENV, DATA_DIR: s.dataDir, ...(s.config.databaseUrl ? { DATABASE_URL: s.config.databaseUrl } : {}), PORT: String(port), DISPATCH: '0' });
    await other.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+\/v3/, 60_000);
    otherOrigin = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    other.child.kill('SIGTERM');
    await other.exited;
    await s.close();
  });

  it('resolves duplicates sent to two server processes to one send, and both replay the same answer', async () => {
    const who = await s.createAccount('idem-procs');
    const start = await money(s, who.accountId);
    const key = randomUUID();
    const body = { messages: [{ to: mobile(950), body: 'Two processes' }] };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => keyedPost(i % 2 === 0 ? s : { ...s, origin: otherOrigin }, '/v3/sms/send', { key, body, as: who })));
    for (const a of answers) assert.equal(a.status, 200, a.text);
    assert.equal(new Set(answers.map((a) => a.text)).size, 1, 'every answer is the same bytes');
    assert.equal(answers.filter((a) => a.replayed === null).length, 1, 'exactly one request ran');
    assert.equal(start.balance - (await money(s, who.accountId)).balance, s.services.pricing.smsRateMicros('AU', 'AUD'), 'charged once');
  });
});
