import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchedule } from './schedule.js';
import { MAX_UNIX_SECONDS } from './time.js';

const now = 1_700_000_000;
const sms = { past: { refuseOlderThanS: 60 } } as const;
const post = { past: 'now' } as const;

describe('parseSchedule', () => {
  it('reads absent, null, 0, "" and "0" as now', () => {
    for (const v of [undefined, null, 0, '', '0', ' 0 ']) assert.deepEqual(parseSchedule(v, now, post), { kind: 'now', at: now }, String(v));
  });

  it('reads a future unix time, as a number or a numeric string', () => {
    assert.deepEqual(parseSchedule(now + 3600, now, sms), { kind: 'later', at: now + 3600 });
    assert.deepEqual(parseSchedule(` ${now + 60} `, now, post), { kind: 'later', at: now + 60 });
    assert.deepEqual(parseSchedule(MAX_UNIX_SECONDS, now, post), { kind: 'later', at: MAX_UNIX_SECONDS });
  });

  it('sends a past time now, or refuses it beyond the grace, as the rules say', () => {
    assert.deepEqual(parseSchedule(now - 3600, now, post), { kind: 'now', at: now });
    assert.deepEqual(parseSchedule(now - 60, now, sms), { kind: 'now', at: now });
    assert.deepEqual(parseSchedule(now - 61, now, sms), { kind: 'past' });
  });

  it('refuses what is not a unix time in seconds, and tells milliseconds apart', () => {
    for (const bad of [-5, 1.5, 'tomorrow', '12abc', Number.NaN, true]) assert.deepEqual(parseSchedule(bad, now, post), { kind: 'malformed', looksLikeMs: false }, String(bad));
    assert.deepEqual(parseSchedule(now * 1000, now, sms), { kind: 'malformed', looksLikeMs: true });
    assert.deepEqual(parseSchedule(String(MAX_UNIX_SECONDS + 1), now, post), { kind: 'malformed', looksLikeMs: true });
  });
});
