import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { drain, enqueue, inboundSms, push, receipt } from '../helpers/webhooks.js';

type Verify = (secret: string, headers: ReceivedRequest['headers'], rawBody: string) => boolean;

/** The exact lines docs/webhooks.md shows users, between its verify-snippet markers, loaded as a module. */
async function documentedVerifier(): Promise<Verify> {
  const doc = fs.readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
  const block = /<!-- verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-snippet:end -->/.exec(doc);
  assert.ok(block, 'docs/webhooks.md has the verify snippet between its markers');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-snippet-')), 'verify.mjs');
  fs.writeFileSync(file, block[1]!);
  return ((await import(pathToFileURL(file).href)) as { verifySendbox: Verify }).verifySendbox;
}

describe('webhook signatures and the signing secret', () => {
  let s: TestServer;
  let rx: WebhookReceiver;
  let verify: Verify;
  let n = 0;

  async function subaccount(settings: 0 | 1) {
    const username = `wh-sub-${++n}`;
    const r = await s.request('POST', '/v3/subaccounts', {
      body: {
        api_username: username,
        password: 'sub-passw0rd',
        email: `${username}@example.com`,
        phone_number: '+61411111111',
        first_name: 'W',
        last_name: 'H',
        access_settings: settings,
        access_sms: 1,
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { username, apiKey: r.body.data.api_key as string };
  }

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0', ALLOW_PRIVATE_URLS: '1' } });
    rx = await startWebhookReceiver();
    verify = await documentedVerifier();
  });
  after(async () => {
    await s.close();
    await rx.close();
  });

  it('shows the secret in full once, then masked; a subaccount needs access_settings', async () => {
    const first = await s.request('GET', '/v3/sendbox/webhook-secret');
    assert.equal(first.status, 200);
    assert.match(first.body.data.secret, /^whsec_[0-9a-f]{64}$/);
    assert.equal(first.body.data.revealed, true);
    const again = await s.request('GET', '/v3/sendbox/webhook-secret');
    assert.deepEqual([again.body.data.secret, again.body.data.revealed, again.body.data.created_at], [`whsec_…${first.body.data.secret.slice(-4)}`, false, first.body.data.created_at]);

    const admin = await subaccount(1);
    const viaAdmin = await s.request('GET', '/v3/sendbox/webhook-secret', { as: admin });
    assert.equal(viaAdmin.body.data.secret, again.body.data.secret, 'the account’s one secret, masked');
    const plain = await subaccount(0);
    for (const [method, p] of [
      ['GET', '/v3/sendbox/webhook-secret'],
      ['POST', '/v3/sendbox/webhook-secret'],
      ['GET', '/v3/sendbox/webhook-deliveries'],
    ] as const) {
      const r = await s.request(method, p, { as: plain });
      assert.deepEqual([r.status, r.body.response_code], [403, 'FORBIDDEN'], `${method} ${p}`);
      assert.match(r.body.response_msg, /settings/);
    }
  });

  it('signs every webhook_type so the documented snippet verifies it, and a wrong secret or a changed body does not', async () => {
    const other = await s.createAccount('wh-signer');
    const secret = (await s.request('GET', '/v3/sendbox/webhook-secret', { as: other })).body.data.secret as string;
    const ids = await enqueue(s, [
      push(inboundSms(other.accountId), rx.url, 'post'),
      push(inboundSms(other.accountId), `${rx.url}?k=v%2Fw`, 'get'),
      push(inboundSms(other.accountId), rx.url, 'json'),
      push(receipt(other.accountId), rx.url),
    ]);
    await drain(s);
    const got = ids.map((id) => rx.requests.find((r) => r.eventId === id)!);
    assert.deepEqual(
      got.map((r) => r.method),
      ['POST', 'GET', 'POST', 'POST'],
    );
    for (const r of got) {
      assert.match(String(r.headers['x-sendbox-signature']), /^v1=[0-9a-f]{64}$/);
      assert.equal(verify(secret, r.headers, r.signed), true, `${r.method} ${r.url} verifies`);
      assert.equal(verify(`${secret.slice(0, -1)}0`, r.headers, r.signed), false, 'a wrong secret fails');
      assert.equal(verify(secret, r.headers, `${r.signed}&x=1`), false, 'a changed body fails');
      assert.equal(verify(secret, { ...r.headers, 'x-sendbox-event-id': ids[0] === r.eventId ? ids[1] : ids[0] }, r.signed), false, 'another event id fails');
    }
  });

  it('rotating shows the new secret once; later attempts are signed with it, not the old one', async () => {
    const who = await s.createAccount('wh-rotator');
    const old = (await s.request('GET', '/v3/sendbox/webhook-secret', { as: who })).body.data.secret as string;
    const rotated = await s.request('POST', '/v3/sendbox/webhook-secret', { as: who });
    assert.equal(rotated.body.data.revealed, true);
    const fresh = rotated.body.data.secret as string;
    assert.notEqual(fresh, old);
    assert.equal((await s.request('GET', '/v3/sendbox/webhook-secret', { as: who })).body.data.revealed, false);
    const [id] = await enqueue(s, [push(receipt(who.accountId), rx.url)]);
    await drain(s);
    const r = rx.requests.find((x) => x.eventId === id)!;
    assert.equal(verify(fresh, r.headers, r.signed), true);
    assert.equal(verify(old, r.headers, r.signed), false);
  });

  it('a delivery creates the secret on first need; the first GET then still shows it in full', async () => {
    const who = await s.createAccount('wh-lazy');
    const [id] = await enqueue(s, [push(receipt(who.accountId), rx.url)]);
    await drain(s);
    const shown = await s.request('GET', '/v3/sendbox/webhook-secret', { as: who });
    assert.equal(shown.body.data.revealed, true);
    const r = rx.requests.find((x) => x.eventId === id)!;
    assert.equal(verify(shown.body.data.secret, r.headers, r.signed), true);
  });
});
