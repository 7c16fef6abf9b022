import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

describe('ClickSend conventions over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { AUTH_FAILURES_MAX: '5' } });
  });
  after(() => s.close());

  it('answers malformed JSON with 400 in the envelope', async () => {
    const r = await s.request('PUT', '/v3/account', { raw: '{"account_name": ', contentType: 'application/json' });
    assert.equal(r.status, 400);
    assert.equal(r.body.http_code, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /JSON/);
  });

  it('names the field and the problem on a wrong type or a missing field', async () => {
    const wrong = await s.request('PUT', '/v3/account', { body: { setting_sms_hide_your_number: 'maybe' } });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.response_msg, /setting_sms_hide_your_number/);
    const missing = await s.request('POST', '/v3/subaccounts', { body: { api_username: 'x1x' } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.response_msg, /password is required/);
  });

  it('answers a non-numeric path id with 400 naming it, and an unknown id with 404', async () => {
    const nan = await s.request('GET', '/v3/subaccounts/abc');
    assert.equal(nan.status, 400);
    assert.match(nan.body.response_msg, /subaccount_id/);
    const unknown = await s.request('GET', '/v3/subaccounts/999999');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.response_code, 'NOT_FOUND');
  });

  it('answers unknown routes with 404 and wrong methods with 405, in the envelope', async () => {
    const nf = await s.request('GET', '/v3/no/such/thing');
    assert.equal(nf.status, 404);
    assert.equal(nf.body.response_code, 'NOT_FOUND');
    const na = await s.request('DELETE', '/v3/account');
    assert.equal(na.status, 405);
    assert.equal(na.body.response_code, 'METHOD_NOT_FOUND');
    assert.match(na.headers.get('allow') ?? '', /GET/);
  });

  it('tolerates a trailing slash', async () => {
    const r = await s.request('GET', '/v3/account/');
    assert.equal(r.status, 200);
    assert.equal(r.body.data.username, s.owner.username);
  });

  it('refuses an oversize body with 413 in the envelope', async () => {
    const big = JSON.stringify({ account_name: 'x'.repeat(16 * 1024 * 1024) });
    const r = await s.request('PUT', '/v3/account', { raw: big });
    assert.equal(r.status, 413);
    assert.equal(r.body.response_code, 'PAYLOAD_TOO_LARGE');
  });

  it('updates the account with PUT /account and validates timezone and country', async () => {
    const r = await s.request('PUT', '/v3/account', { body: { account_name: 'Renamed Co', timezone: 'Australia/Sydney', setting_sms_hide_your_number: 1 } });
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Your account has been updated.');
    assert.equal(r.body.data.account_name, 'Renamed Co');
    assert.equal(r.body.data.timezone, 'Australia/Sydney');
    assert.equal(r.body.data.setting_sms_hide_your_number, 1);
    const tz = await s.request('PUT', '/v3/account', { body: { timezone: 'Mars/Olympus' } });
    assert.equal(tz.status, 400);
    assert.match(tz.body.response_msg, /timezone/);
    const c = await s.request('PUT', '/v3/account', { body: { country: 'ZZ' } });
    assert.equal(c.status, 400);
    assert.match(c.body.response_msg, /country/);
  });

  it('paginates with absolute URLs built from PUBLIC_URL, keeping other query parameters', async () => {
    for (let i = 0; i < 17; i++) {
      const r = await s.request('POST', '/v3/subaccounts', {
        body: { api_username: `pg-sub-${i}`, password: 'password-123', email: `p${i}@example.com`, phone_number: '+61411111111', first_name: 'P', last_name: 'Q' },
      });
      assert.equal(r.status, 200);
    }
    const p1 = await s.request('GET', '/v3/subaccounts?limit=15');
    const total = p1.body.data.total;
    assert.ok(total >= 18);
    assert.equal(p1.body.data.from, 1);
    assert.equal(p1.body.data.to, 15);
    assert.equal(p1.body.data.prev_page_url, null);
    assert.equal(p1.body.data.next_page_url, `${s.origin}/v3/subaccounts?limit=15&page=2`);
    const p2 = await s.request('GET', '/v3/subaccounts?limit=15&page=2');
    assert.equal(p2.body.data.current_page, 2);
    assert.equal(p2.body.data.from, 16);
    assert.equal(p2.body.data.prev_page_url, `${s.origin}/v3/subaccounts?limit=15&page=1`);
    // ClickSend documents limit 15..100: smaller values are raised to 15, larger lowered to 100.
    const small = await s.request('GET', '/v3/subaccounts?limit=2');
    assert.equal(small.body.data.per_page, 15);
    const beyond = await s.request('GET', '/v3/subaccounts?page=99');
    assert.deepEqual(beyond.body.data.data, []);
    assert.equal(beyond.body.data.from, null);
  });

  it('serves /healthz, /openapi.json and /docs without credentials', async () => {
    const h = await fetch(`${s.origin}/healthz`);
    assert.equal(h.status, 200);
    const o = await fetch(`${s.origin}/openapi.json`);
    assert.equal(o.status, 200);
    const doc = (await o.json()) as any;
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/account'].get);
    assert.equal(doc.paths['/account'].get.operationId, 'account.get');
    const d = await fetch(`${s.origin}/docs/`, { redirect: 'follow' });
    assert.equal(d.status, 200);
    assert.match(await d.text(), /swagger/i);
  });

  it('rate-limits failed logins per address with 429 in the envelope', async () => {
    let last = 0;
    for (let i = 0; i < 7; i++) {
      const r = await s.request('GET', '/v3/account', { as: { username: 'ghost', apiKey: `wrong-${i}` } });
      last = r.status;
      if (r.status === 429) {
        assert.equal(r.body.response_code, 'TOO_MANY_REQUESTS');
        break;
      }
      assert.equal(r.status, 401);
    }
    assert.equal(last, 429);
  });
});

describe('sign-up switch', () => {
  it('refuses POST /account with 403 when SIGNUP=closed', async () => {
    const s = await startServer({ env: { SIGNUP: 'closed' } });
    try {
      const r = await s.request('POST', '/v3/account', {
        as: null,
        body: { username: 'closedout', password: 'password123', user_phone: '+61411111111', user_email: 'c@example.com', user_first_name: 'C', user_last_name: 'D', account_name: 'CD', country: 'AU' },
      });
      assert.equal(r.status, 403);
      assert.equal(r.body.response_code, 'FORBIDDEN');
    } finally {
      await s.close();
    }
  });

  it('gives a new account SIGNUP_CREDIT through the ledger', async () => {
    const s = await startServer({ env: { SIGNUP_CREDIT: '5.50' } });
    try {
      const r = await s.request('POST', '/v3/account', {
        as: null,
        body: { username: 'credit55', password: 'password123', user_phone: '+447700900000', user_email: 'c@example.com', user_first_name: 'C', user_last_name: 'D', account_name: 'CD', country: 'GB' },
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.data.balance, '5.500000');
      assert.equal(r.body.data._currency.currency_name_short, 'GBP');
      const id = r.body.data.user_id;
      assert.equal(await s.services.ledger.sumOfTransactions(id), 5_500_000);
    } finally {
      await s.close();
    }
  });
});

describe('raw HTTP errors', () => {
  it('answers request headers over 16 KiB with 431 in the envelope', async () => {
    const s = await startServer();
    try {
      const net = await import('node:net');
      const url = new URL(s.origin);
      const reply = await new Promise<string>((resolve, reject) => {
        const sock = net.connect(Number(url.port), url.hostname, () => {
          sock.write(`GET /v3/account HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
        });
        let out = '';
        sock.on('data', (d) => (out += d));
        sock.on('end', () => resolve(out));
        sock.on('error', reject);
      });
      assert.match(reply, /^HTTP\/1\.1 431 /);
      const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));
      assert.equal(body.http_code, 431);
      assert.equal(body.response_code, 'REQUEST_HEADER_FIELDS_TOO_LARGE');
    } finally {
      await s.close();
    }
  });
});
