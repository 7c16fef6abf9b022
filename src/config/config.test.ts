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
    for (const [env, message] of cases)
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
        JSON.stringify(env),
      );
  });

  it('reads the post tracking knobs: on with 20 s steps by default, POST_TRACKING=0 switches it off, bad values named', () => {
    assert.deepEqual(loadConfig({}).post.tracking, { enabled: true, stepMs: 20_000, pollMs: 1_000 });
    assert.deepEqual(loadConfig({ POST_TRACKING: '0', POST_TRACKING_STEP_MS: '3600000', POST_TRACKING_POLL_MS: '50' }).post.tracking, { enabled: false, stepMs: 3_600_000, pollMs: 50 });
    assert.throws(() => loadConfig({ POST_TRACKING_STEP_MS: '0' }), /POST_TRACKING_STEP_MS must be between 1 and/);
    assert.throws(() => loadConfig({ POST_TRACKING: 'maybe' }), /POST_TRACKING must be 1 or 0/);
  });

  it('reads the upload knobs: UPLOAD_TTL and intervals as durations, SOFFICE_PATH as given', () => {
    const d = loadConfig({});
    assert.deepEqual(
      [d.uploads.ttlSeconds, d.uploads.sweepIntervalMs, d.uploads.sofficePath, d.uploads.conversionTimeoutMs, d.uploads.conversionConcurrency],
      [7 * 86_400, 300_000, undefined, 60_000, 2],
    );
    const c = loadConfig({ UPLOAD_TTL: '10m', UPLOAD_SWEEP_INTERVAL: '30s', SOFFICE_PATH: ' /opt/lo/soffice ', SOFFICE_TIMEOUT: '2m', SOFFICE_CONCURRENCY: '4' });
    assert.deepEqual(
      [c.uploads.ttlSeconds, c.uploads.sweepIntervalMs, c.uploads.sofficePath, c.uploads.conversionTimeoutMs, c.uploads.conversionConcurrency],
      [600, 30_000, '/opt/lo/soffice', 120_000, 4],
    );
    assert.equal(loadConfig({ UPLOAD_TTL: '604800' }).uploads.ttlSeconds, 604_800);
    assert.equal(loadConfig({ UPLOAD_TTL: '12h' }).uploads.ttlSeconds, 43_200);
    for (const [env, message] of [
      [{ UPLOAD_TTL: 'a week' }, /UPLOAD_TTL must be a duration such as 600, 10m, 12h or 7d/],
      [{ UPLOAD_TTL: '30s' }, /UPLOAD_TTL must be between 60 and/],
      [{ SOFFICE_CONCURRENCY: '0' }, /SOFFICE_CONCURRENCY must be between 1 and 64/],
    ] as const) {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
        JSON.stringify(env),
      );
    }
  });

  it('reads the image-conversion knobs: IMAGE_WORKERS, IMAGE_QUEUE_MAX, IMAGE_TIMEOUT', () => {
    const d = loadConfig({}).uploads;
    assert.deepEqual([d.imageWorkers, d.imageQueueMax, d.imageTimeoutMs], [2, 20, 60_000]);
    const c = loadConfig({ IMAGE_WORKERS: '4', IMAGE_QUEUE_MAX: '0', IMAGE_TIMEOUT: '2m' }).uploads;
    assert.deepEqual([c.imageWorkers, c.imageQueueMax, c.imageTimeoutMs], [4, 0, 120_000]);
    assert.throws(
      () => loadConfig({ IMAGE_WORKERS: '0' }),
      (e: unknown) => e instanceof ConfigError && /IMAGE_WORKERS must be between 1 and 16/.test(e.message),
    );
  });

  it('reads the Idempotency-Key knobs, and refuses a lock timeout not shorter than the window', () => {
    assert.deepEqual(loadConfig({}).idempotency, { ttlSeconds: 86_400, lockTimeoutMs: 300_000, waitMs: 10_000, pollMs: 50, sweepIntervalMs: 300_000 });
    const c = loadConfig({ IDEMPOTENCY_TTL: '2h', IDEMPOTENCY_LOCK_TIMEOUT: '90s', IDEMPOTENCY_WAIT_MS: '0', IDEMPOTENCY_POLL_MS: '5', IDEMPOTENCY_SWEEP_INTERVAL: '1m' }).idempotency;
    assert.deepEqual(c, { ttlSeconds: 7200, lockTimeoutMs: 90_000, waitMs: 0, pollMs: 5, sweepIntervalMs: 60_000 });
    assert.throws(
      () => loadConfig({ IDEMPOTENCY_TTL: '10m', IDEMPOTENCY_LOCK_TIMEOUT: '10m' }),
      (e: unknown) => e instanceof ConfigError && /IDEMPOTENCY_LOCK_TIMEOUT \(600 s\) must be shorter than IDEMPOTENCY_TTL \(600 s\)/.test(e.message),
    );
  });

  it('reads TRUST_PROXY as a checked list of proxy addresses and CIDRs, and the token limits', () => {
    assert.deepEqual(loadConfig({}).trustProxy, []);
    assert.deepEqual(loadConfig({ TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8,loopback' }).trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/8']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: bad }),
        (e: unknown) => e instanceof ConfigError && /TRUST_PROXY must list proxy addresses/.test(e.message),
        bad,
      );
    }
    assert.deepEqual(loadConfig({}).accountTokens, { attemptsMax: 5, mintMax: 5, perAddressMax: 30, signupPerAddressMax: 10, windowS: 3600 });
    assert.deepEqual(loadConfig({ TOKEN_ATTEMPTS_MAX: '3', TOKEN_MINT_MAX: '2', RECOVERY_ADDRESS_MAX: '10', SIGNUP_ADDRESS_MAX: '4', TOKEN_WINDOW: '15m' }).accountTokens, {
      attemptsMax: 3,
      mintMax: 2,
      perAddressMax: 10,
      signupPerAddressMax: 4,
      windowS: 900,
    });
  });
});
