import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * One-time tokens (password reset, account activation) and the anonymous recovery endpoints: one live
 * token per user, long reset tokens, guesses limited per token and per client address, minting and
 * recovery emails limited per user. The server trusts 127.0.0.1 as a proxy, so each case speaks from its
 * own X-Forwarded-For address and the per-address limit of one case does not touch another.
 */
describe('security: one-time tokens and recovery limits', () => {
  let s: TestServer;
  let n = 0;
  before(async () => {
    s = await startServer({ env: { TRUST_PROXY: '127.0.0.1', TOKEN_ATTEMPTS_MAX: '3', TOKEN_MINT_MAX: '3', RECOVERY_ADDRESS_MAX: '12', SIGNUP_ADDRESS_MAX: '3' } });
  });
  after(() => s.close());

  const from = (ip: string) => ({ as: null, headers: { 'x-forwarded-for': ip } });

  /** A subaccount of the owner with its own email, so its recovery mail can be told apart. */
  async function newUser() {
    n += 1;
    const username = `tok-user-${n}`;
    const r = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: username, password: 'old-passw0rd', email: `${username}@example.com`, phone_number: `+6141100${String(n).padStart(4, '0')}`, first_name: 'T', last_name: 'U' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { username, id: r.body.data.subaccount_id as number, email: `${username}@example.com`, apiKey: r.body.data.api_key as string };
  }

  /** The reset tokens mailed to an address, oldest first (read from the queued emails). */
  async function mailedTokens(email: string): Promise<string[]> {
    // The token and its email are made after forgot-password has answered.
    await s.services.accounts.recovery.idle();
    const rows = await s.dbh.db.selectFrom('system_emails').select(['body_text']).where('to_address', '=', email).orderBy('id').execute();
    return rows.map((r) => /activation_token: (\S+)/.exec(r.body_text)?.[1]).filter((t): t is string => Boolean(t));
  }

  /** PUT /forgot-password, then waits for the token and email it makes after answering. */
  async function forgot(ip: string, username: string) {
    const r = await s.request('PUT', '/v3/forgot-password', { ...from(ip), body: { username } });
    await s.services.accounts.recovery.idle();
    return r;
  }

  const resetWith = (ip: string, subaccount_id: number, activation_token: string, password = 'new-passw0rd-1') =>
    s.request('PUT', '/v3/forgot-password/verify', { ...from(ip), body: { subaccount_id, activation_token, password } });

  it('mails a 128-bit URL-safe reset token; a newer token voids the older one, and a used token fails', async () => {
    const ip = '198.51.100.1';
    const u = await newUser();
    assert.equal((await forgot(ip, u.username)).status, 200);
    assert.equal((await forgot(ip, u.username)).status, 200);
    const [first, second] = await mailedTokens(u.email);
    assert.ok(first && second);
    assert.match(second, /^[A-Za-z0-9_-]{22}$/, 'a 128-bit base64url token');

    const old = await resetWith(ip, u.id, first);
    assert.deepEqual([old.status, old.body.response_code], [400, 'BAD_REQUEST'], 'the older token was voided by the newer one');
    const ok = await resetWith(ip, u.id, second);
    assert.deepEqual([ok.status, ok.body.response_code], [200, 'SUCCESS'], JSON.stringify(ok.body));
    for (const token of [second, first]) {
      const again = await resetWith(ip, u.id, token, 'another-passw0rd');
      assert.deepEqual([again.status, again.body.response_code], [400, 'BAD_REQUEST'], 'no token works after a successful reset');
    }
    const signIn = await s.request('GET', '/v3/account', { as: { username: u.username, apiKey: 'new-passw0rd-1' } });
    assert.equal(signIn.status, 200, 'the password set by the reset signs in');
  });

  it('answers 429 to wrong guesses past TOKEN_ATTEMPTS_MAX, and still takes the right token (no anonymous lock-out)', async () => {
    const u = await newUser();
    assert.equal((await forgot('198.51.100.2', u.username)).status, 200);
    const [token] = await mailedTokens(u.email);
    // Guesses from several addresses: the limit is the user's, not only the address's.
    const answers = [];
    for (const ip of ['198.51.100.3', '198.51.100.4', '198.51.100.5', '198.51.100.14', '198.51.100.15']) {
      const r = await resetWith(ip, u.id, 'AAAAAAAAAAAAAAAAAAAAAA');
      answers.push([r.status, r.body.response_code, r.body.http_code]);
    }
    assert.deepEqual(answers, [
      [400, 'BAD_REQUEST', 400],
      [400, 'BAD_REQUEST', 400],
      [400, 'BAD_REQUEST', 400],
      [429, 'TOO_MANY_REQUESTS', 429],
      [429, 'TOO_MANY_REQUESTS', 429],
    ]);
    // Someone who knows only the subaccount_id must not be able to keep its owner from resetting: the mailed
    // token, 128 random bits, still works.
    const right = await resetWith('198.51.100.6', u.id, token!);
    assert.equal(right.status, 200, JSON.stringify(right.body));
    const signIn = await s.request('GET', '/v3/account', { as: { username: u.username, apiKey: 'new-passw0rd-1' } });
    assert.equal(signIn.status, 200, 'the password changed');
  });

  it('counts concurrent guesses atomically: of 20 at once, at most TOKEN_ATTEMPTS_MAX are compared', async () => {
    const u = await newUser();
    await forgot('198.51.100.7', u.username);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => resetWith(`203.0.113.${i + 1}`, u.id, `wrong-guess-${i}`)));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((c) => c === 400).length, 3, statuses.join(','));
    assert.equal(statuses.filter((c) => c === 429).length, 17);
  });

  it('mints at most TOKEN_MINT_MAX reset tokens per user per window, with the same answer after (no username discovery)', async () => {
    const u = await newUser();
    const ips = ['198.51.100.8', '198.51.100.9', '198.51.100.10', '198.51.100.11', '198.51.100.12'];
    for (const ip of ips) {
      const r = await forgot(ip, u.username);
      assert.deepEqual([r.status, r.body.response_msg], [200, 'An email notification has been sent.']);
    }
    const tokens = await mailedTokens(u.email);
    assert.equal(tokens.length, 3, 'only three emails were queued');
    const ok = await resetWith('198.51.100.13', u.id, tokens[2]!);
    assert.equal(ok.status, 200, 'the last minted token is still the live one');
  });

  it('keeps one live token per user when many reset requests arrive at once', async () => {
    const u = await newUser();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => s.request('PUT', '/v3/forgot-password', { ...from(`203.0.113.${100 + i}`), body: { username: u.username } })));
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [200]);
    await s.services.accounts.recovery.idle();
    const live = await s.dbh.db.selectFrom('account_tokens').select('id').where('subaccount_id', '=', u.id).where('used_at', 'is', null).execute();
    assert.equal(live.length, 1, 'exactly one live token');
    const tokens = await mailedTokens(u.email);
    assert.ok(tokens.length >= 1 && tokens.length <= 3, `between 1 and TOKEN_MINT_MAX emails, got ${tokens.length}`);
    // Emails may be queued in another order than the tokens were minted; exactly one of them is live.
    const answersPerToken = [];
    for (const token of tokens) answersPerToken.push((await resetWith('203.0.113.120', u.id, token)).status);
    assert.equal(answersPerToken.filter((c) => c === 200).length, 1, answersPerToken.join(','));
  });

  it('limits anonymous recovery calls per client address (forgot-password, forgot-username, verify)', async () => {
    const ip = '192.0.2.77';
    const u = await newUser();
    const before = await s.dbh.db.selectFrom('system_emails').select('id').execute();
    const calls = [
      () => s.request('PUT', '/v3/forgot-password', { ...from(ip), body: { username: `nobody-${Math.random()}` } }),
      () => s.request('PUT', '/v3/forgot-username', { ...from(ip), body: { email: u.email } }),
      () => resetWith(ip, u.id, 'AAAAAAAAAAAAAAAAAAAAAA'),
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await calls[i % 3]!()).status);
    assert.deepEqual(
      statuses.slice(0, 12).filter((c) => c === 429),
      [],
      statuses.join(','),
    );
    assert.deepEqual(statuses.slice(12), [429, 429, 429]);
    const limited = await s.request('PUT', '/v3/forgot-username', { ...from(ip), body: { email: u.email } });
    assert.deepEqual([limited.status, limited.body.response_code, limited.body.http_code], [429, 'TOO_MANY_REQUESTS', 429]);
    const other = await s.request('PUT', '/v3/forgot-username', { ...from('192.0.2.78'), body: { email: 'nobody@example.com' } });
    assert.equal(other.status, 200, 'another address is not limited');
    // forgot-username also mails one recipient at most TOKEN_MINT_MAX times per window.
    await s.services.accounts.recovery.idle();
    const after = await s.dbh.db.selectFrom('system_emails').select('id').where('to_address', '=', u.email).execute();
    assert.ok(after.length <= 3, `at most 3 username emails, got ${after.length} (of ${before.length} before)`);
  });

  it('limits anonymous sign-ups per client address, counting only well-formed ones, before any password is hashed', async () => {
    const signUp = (ip: string, username: string, country = 'AU') =>
      s.request('POST', '/v3/account', {
        ...from(ip),
        body: { username, password: 'password-123', user_phone: '+61411111111', user_email: `${username}@example.com`, user_first_name: 'S', user_last_name: 'U', account_name: 'Signup', country },
      });
    assert.equal((await signUp('192.0.2.90', 'signup-bad', 'ZZ')).status, 400, 'a malformed sign-up is refused first and not counted');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signUp('192.0.2.90', `signup-flood-${i}`)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const refused = await signUp('192.0.2.90', 'signup-flood-9');
    assert.deepEqual([refused.body.response_code, refused.body.http_code], ['TOO_MANY_REQUESTS', 429]);
    assert.equal(await s.services.accounts.repo.usernameTaken('signup-flood-3'), false, 'no account behind a refused sign-up');
    assert.equal((await signUp('192.0.2.91', 'signup-other')).status, 200, 'another address is not limited');
  });

  it('account-verify: a new activation code voids the old one, guesses are limited, and so is minting', async () => {
    const signup = await s.request('POST', '/v3/account', {
      as: null,
      body: {
        username: 'tok-inactive',
        password: 'password-123',
        user_phone: '+61411111111',
        user_email: 'inactive@example.com',
        user_first_name: 'I',
        user_last_name: 'N',
        account_name: 'Inactive',
        country: 'AU',
      },
    });
    const who = { username: 'tok-inactive', apiKey: signup.body.data._subaccount.api_key as string };
    const send = () => s.request('PUT', '/v3/account-verify/send', { as: who, body: { country: 'AU', user_phone: '+61411111111', type: 'sms' } });
    const first = await send();
    const second = await send();
    assert.equal(second.status, 200);
    const [a, b] = [first.body.data.activation_token as string, second.body.data.activation_token as string];
    assert.match(b, /^[1-9][0-9]{5}$/, 'ClickSend documents a numeric activation_token in the response');
    if (a !== b) {
      const old = await s.request('PUT', `/v3/account-verify/verify/${a}`, { as: who });
      assert.deepEqual([old.status, old.body.response_code], [400, 'BAD_REQUEST'], 'the older code was voided');
    }
    const third = await send();
    const fourth = await send();
    assert.deepEqual([fourth.status, fourth.body.response_code], [429, 'TOO_MANY_REQUESTS'], 'three codes per window');
    const live = third.body.data.activation_token as string;
    const wrong = live === '111111' ? '222222' : '111111';
    for (let i = 0; i < 3; i++) assert.equal((await s.request('PUT', `/v3/account-verify/verify/${wrong}`, { as: who })).status, 400);
    const right = await s.request('PUT', `/v3/account-verify/verify/${live}`, { as: who });
    assert.deepEqual([right.status, right.body.response_code], [429, 'TOO_MANY_REQUESTS'], 'guesses used up: even the right code is refused');
  });

  it('account-verify: the right code activates once, and a used code fails', async () => {
    const signup = await s.request('POST', '/v3/account', {
      as: null,
      body: {
        username: 'tok-inactive-2',
        password: 'password-123',
        user_phone: '+61411111111',
        user_email: 'inactive2@example.com',
        user_first_name: 'I',
        user_last_name: 'N',
        account_name: 'Inactive',
        country: 'AU',
      },
    });
    const who = { username: 'tok-inactive-2', apiKey: signup.body.data._subaccount.api_key as string };
    const sent = await s.request('PUT', '/v3/account-verify/send', { as: who, body: { country: 'AU', user_phone: '+61411111111', type: 'sms' } });
    const token = sent.body.data.activation_token as string;
    const ok = await s.request('PUT', `/v3/account-verify/verify/${token}`, { as: who });
    assert.deepEqual([ok.status, ok.body.data.active], [200, 1]);
    const again = await s.request('PUT', `/v3/account-verify/verify/${token}`, { as: who });
    assert.equal(again.status, 400);
  });
});
