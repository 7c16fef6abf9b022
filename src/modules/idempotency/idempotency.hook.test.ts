import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../core/errors/index.js';
import { fingerprint, keyOf, shouldKeep } from './idempotency.hook.js';

const req = (body: unknown, over: { method?: string; url?: string; query?: unknown } = {}) => ({
  method: over.method ?? 'POST',
  routeOptions: { url: over.url ?? '/v3/sms/send' },
  params: {},
  query: over.query ?? {},
  body,
});

describe('fingerprint', () => {
  it('is the same for the same values in another key order, at every depth', () => {
    const a = fingerprint(req({ messages: [{ to: '+61411111111', body: 'x', from: 'Me' }], extra: { b: 1, a: 2 } }));
    const b = fingerprint(req({ extra: { a: 2, b: 1 }, messages: [{ from: 'Me', body: 'x', to: '+61411111111' }] }));
    assert.equal(a, b);
    assert.match(a, /^[0-9a-f]{64}$/);
  });

  it('differs for another value, another array order, another route, method or query', () => {
    const base = fingerprint(req({ messages: [{ to: '1' }, { to: '2' }] }));
    const others = [
      fingerprint(req({ messages: [{ to: '1' }, { to: '3' }] })),
      fingerprint(req({ messages: [{ to: '2' }, { to: '1' }] })),
      fingerprint(req({ messages: [{ to: '1' }, { to: '2' }] }, { url: '/v3/post/letters/send' })),
      fingerprint(req({ messages: [{ to: '1' }, { to: '2' }] }, { method: 'PUT' })),
      fingerprint(req({ messages: [{ to: '1' }, { to: '2' }] }, { query: { convert: 'post' } })),
    ];
    for (const o of others) assert.notEqual(o, base);
    assert.equal(new Set(others).size, others.length);
  });
});

describe('keyOf', () => {
  it('passes a printable ASCII key through and ignores an absent header', () => {
    assert.equal(keyOf(undefined), undefined);
    assert.equal(keyOf('order 42 / retry-safe ~'), 'order 42 / retry-safe ~');
  });

  it('refuses empty, over-long and non-printable keys with a 400 naming the header', () => {
    for (const bad of ['', 'x'.repeat(256), 'a\u0001b', 'n\u00e4']) {
      assert.throws(
        () => keyOf(bad),
        (e: unknown) => e instanceof ApiError && e.httpCode === 400 && e.message.startsWith('Idempotency-Key must be'),
      );
    }
  });
});

describe('shouldKeep', () => {
  it('keeps successes and client errors, releases server errors and the "not now" answers (409, 429)', () => {
    assert.deepEqual([200, 400, 402, 404, 409, 429, 500, 503].map(shouldKeep), [true, true, true, true, false, false, false, false]);
  });
});
