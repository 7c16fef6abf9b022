import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './index.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dataDir, path.resolve('./data'));
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(c.allowPrivateUrls, false);
    assert.equal(c.signup, 'open');
    assert.equal(c.signupCreditMicros, 20_000_000);
    assert.equal(c.logLevel, 'info');
    assert.ok(Object.isFrozen(c));
  });

  it('reads every variable and strips a trailing slash from PUBLIC_URL', () => {
    const c = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u:p@db:5432/s',
      PUBLIC_URL: 'https://sendbox.example.com/',
      ALLOW_PRIVATE_URLS: '1',
      SIGNUP: 'closed',
      SIGNUP_CREDIT: '5.5',
      LOG_LEVEL: 'warn',
    });
    assert.deepEqual(
      [c.port, c.host, c.dataDir, c.databaseUrl, c.publicUrl, c.allowPrivateUrls, c.signup, c.signupCreditMicros, c.logLevel],
      [9000, '0.0.0.0', '/tmp/x', 'postgres://u:p@db:5432/s', 'https://sendbox.example.com', true, 'closed', 5_500_000, 'warn'],
    );
  });

  it('refuses bad values with a message naming the variable', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: '80a' }, /PORT must be a whole number/],
      [{ PORT: '70000' }, /PORT must be between/],
      [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
      [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL must be an http\(s\) URL/],
      [{ ALLOW_PRIVATE_URLS: 'perhaps' }, /ALLOW_PRIVATE_URLS must be 1 or 0/],
      [{ SIGNUP: 'sometimes' }, /SIGNUP must be open or closed/],
      [{ SIGNUP_CREDIT: '-1' }, /SIGNUP_CREDIT must be an amount/],
      [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    ];
    for (const [env, message] of cases) assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env));
  });
});
