import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

// Counts the scrypt runs the server makes, to show structurally (no timing) that an unknown username
// costs the same password verification as a known one. Installed before the server's code is loaded.
let scryptRuns = 0;
const realScrypt = crypto.scrypt;
crypto.scrypt = function (this: unknown, ...args: unknown[]) {
  scryptRuns += 1;
  return (realScrypt as (...a: unknown[]) => void).apply(this, args);
} as typeof crypto.scrypt;
syncBuiltinESMExports();

const { startServer } = await import('../helpers/server.js');
const { POST_ENV, a4Letter, createReturnAddress, postcardPdf, recipient, startFileServer } = await import('../helpers/post.js');
type TestServer = Awaited<ReturnType<typeof startServer>>;

describe('security: failed logins, client addresses, activation, request logs', () => {
  let s: TestServer;
  let untrusted: TestServer;
  const logLines: string[] = [];
  before(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    [s, untrusted] = await Promise.all([
      startServer({ env: { ...POST_ENV, TRUST_PROXY: '127.0.0.1', AUTH_FAILURES_MAX: '20', LOG_LEVEL: 'debug' }, logger: { level: 'debug', stream } }),
      // 10.0.0.0/8 is a proxy, but the test client (127.0.0.1) is not: its X-Forwarded-For is ignored.
      startServer({ env: { TRUST_PROXY: '10.0.0.0/8', AUTH_FAILURES_MAX: '3' } }),
    ]);
  });
  after(async () => {
    await Promise.all([s.close(), untrusted.close()]);
  });

  const from = (ip: string, username: string, apiKey: string) => ({ as: { username, apiKey }, headers: { 'x-forwarded-for': ip } });

  it('lets at most AUTH_FAILURES_MAX of 200 simultaneous wrong passwords reach verification; the rest get 429', async () => {
    const runsBefore = scryptRuns;
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => s.request('GET', '/v3/account', from('198.51.100.200', s.owner.username, `wrong-${i}`))));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((c) => c === 401).length, 20, 'exactly the limit is verified');
    assert.equal(statuses.filter((c) => c === 429).length, 180);
    assert.equal(answers.find((r) => r.status === 429)?.body.response_code, 'TOO_MANY_REQUESTS');
    assert.ok(scryptRuns - runsBefore <= 21, `at most 20 password checks (+1 dummy hash), got ${scryptRuns - runsBefore}`);
    const password = await s.request('GET', '/v3/account', from('198.51.100.200', s.owner.username, s.owner.password));
    assert.equal(password.status, 429, 'the address stays blocked for password sign-ins for the window');
    // A right API key is no guess: failures others made from the same address (a shared proxy) do not lock it out.
    const key = await s.request('GET', '/v3/account', from('198.51.100.200', s.owner.username, s.owner.apiKey));
    assert.equal(key.status, 200, 'the right API key still works from the blocked address');
  });

  it('runs the same password verification for an unknown username as for a known one, and none for a valid key', async () => {
    const ip = '198.51.100.201';
    await s.request('GET', '/v3/account', from(ip, 'warm-up-unknown', 'x')); // makes the dummy hash once
    const runs = async (username: string, secret: string) => {
      const before = scryptRuns;
      const r = await s.request('GET', '/v3/account', from(ip, username, secret));
      return [r.status, scryptRuns - before];
    };
    assert.deepEqual(await runs('no-such-user-anywhere', 'wrong-secret'), [401, 1]);
    assert.deepEqual(await runs(s.owner.username, 'wrong-secret'), [401, 1]);
    assert.deepEqual(await runs(s.owner.username, s.owner.apiKey), [200, 0]);
    assert.deepEqual(await runs(s.owner.username, s.owner.password), [200, 1], 'the account password still signs in');
  });

  it('honours X-Forwarded-For from a trusted proxy: one client locked out does not lock out another behind it', async () => {
    for (let i = 0; i < 20; i++) await s.request('GET', '/v3/account', from('203.0.113.50', s.owner.username, 'wrong'));
    // Probed with the password: a right API key is never limited.
    assert.equal((await s.request('GET', '/v3/account', from('203.0.113.50', s.owner.username, s.owner.password))).status, 429);
    assert.equal((await s.request('GET', '/v3/account', from('203.0.113.51', s.owner.username, s.owner.password))).status, 200);
  });

  it('ignores X-Forwarded-For from an address that is not a listed proxy (it could be forged)', async () => {
    const u = untrusted.owner;
    for (let i = 0; i < 3; i++) await untrusted.request('GET', '/v3/account', from(`203.0.113.${60 + i}`, u.username, 'wrong'));
    const r = await untrusted.request('GET', '/v3/account', from('203.0.113.99', u.username, u.password));
    assert.equal(r.status, 429, 'the forged addresses all counted against 127.0.0.1');
  });

  it('refuses SMS, postcard and letter sends from an account that is not activated, with the one ACCOUNT_NOT_ACTIVATED answer', async () => {
    const files = await startFileServer();
    try {
      files.set('/card.pdf', await postcardPdf(), { type: 'application/pdf' });
      files.set('/letter.pdf', await a4Letter(), { type: 'application/pdf' });
      const signup = await s.request('POST', '/v3/account', {
        as: null,
        body: {
          username: 'sec-inactive',
          password: 'password-123',
          user_phone: '+61411111111',
          user_email: 'i@example.com',
          user_first_name: 'I',
          user_last_name: 'N',
          account_name: 'Inactive',
          country: 'AU',
        },
      });
      const inactive = { username: 'sec-inactive', apiKey: signup.body.data._subaccount.api_key as string };
      const ra = await createReturnAddress(s, inactive);
      const sends = [
        ['/v3/post/postcards/send', { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra)] }],
        ['/v3/post/letters/send', { file_url: files.url('/letter.pdf'), recipients: [recipient(ra)] }],
        ['/v3/sms/send', { messages: [{ to: '+61411111112', body: 'hello' }] }],
      ] as const;
      for (const [path, body] of sends) {
        const r = await s.request('POST', path, { as: inactive, body, headers: { 'x-forwarded-for': '198.51.100.210' } });
        assert.deepEqual([r.status, r.body.http_code, r.body.response_code], [403, 403, 'ACCOUNT_NOT_ACTIVATED'], `${path}: ${JSON.stringify(r.body)}`);
        assert.match(r.body.response_msg, /not activated/);
      }
      const account = await s.dbh.db.selectFrom('accounts').select('id').where('username', '=', 'sec-inactive').executeTakeFirstOrThrow();
      const rows = await s.dbh.db.selectFrom('ledger_transactions').select('id').where('kind', '!=', 'credit').where('account_id', '=', account.id).execute();
      assert.equal(rows.length, 0, 'nothing was charged');
      // The same postcard from an activated account is accepted, so the refusal above was about activation.
      const ownerRa = await createReturnAddress(s);
      const ok = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ownerRa)] } });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
    } finally {
      await files.close();
    }
  });

  it('logs which credential made a request (api_username, subaccount_id) and never its key', async () => {
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'sec-logged', password: 'password-123', email: 'l@example.com', phone_number: '+61411111111', first_name: 'L', last_name: 'G' },
    });
    const key = sub.body.data.api_key as string;
    const r = await s.request('GET', '/v3/account?probe=log-line', { as: { username: 'sec-logged', apiKey: key } });
    assert.equal(r.status, 200);
    const completed = await waitForLine(logLines, (l) => l.msg === 'request completed' && logLines.some((x) => x.includes('probe=log-line') && x.includes(`"reqId":"${l.reqId}"`)));
    assert.equal(completed.api_username, 'sec-logged');
    assert.equal(completed.subaccount_id, sub.body.data.subaccount_id);
    // Secrets in paths: an activation code, and the name that is a file URL's only protection.
    await s.request('PUT', '/v3/account-verify/verify/918273');
    await s.request('GET', '/files/secret-file-name-6f1c2b.pdf', { as: null });
    await waitForLine(logLines, (l) => l.msg === 'incoming request' && l.req?.url === '/files/[redacted]');
    assert.ok(
      logLines.some((l) => l.includes('"url":"/v3/account-verify/verify/[redacted]"')),
      'the activation request is logged, redacted',
    );
    for (const line of logLines) {
      assert.ok(!line.includes('918273') && !line.includes('secret-file-name'), `no log line carries a secret path segment: ${line}`);
      assert.ok(!line.includes(key), 'no log line carries the API key');
      assert.ok(!line.includes(s.owner.apiKey), "no log line carries the owner's key");
    }
  });
});

/** The first JSON log line matching, once the server has written it (it logs after the response). */
async function waitForLine(lines: string[], match: (l: Record<string, any>) => boolean): Promise<Record<string, any>> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    for (const raw of lines) {
      const l = JSON.parse(raw) as Record<string, any>;
      if (match(l)) return l;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no matching log line in:\n${lines.slice(-10).join('\n')}`);
}
