import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidSenderId, readingCountry, RecipientParser, SCHEDULE_GRACE_S, scheduleAt, TEST_NUMBERS, throttleKey } from './sms.validate.js';

describe('SMS recipient parsing', () => {
  const parser = new RecipientParser();

  it('reads E.164 anywhere and local numbers in the given country, detecting the region', () => {
    assert.deepEqual(parser.parse('+61412345678', 'US'), { e164: '+61412345678', country: 'AU', isTest: false });
    assert.deepEqual(parser.parse('0412 345 678', 'AU'), { e164: '+61412345678', country: 'AU', isTest: false });
    assert.deepEqual(parser.parse('(202) 555-0123', 'US'), { e164: '+12025550123', country: 'US', isTest: false });
    assert.deepEqual(parser.parse('07400 123456', 'GB'), { e164: '+447400123456', country: 'GB', isTest: false });
  });

  it('refuses what is not a valid number, including a number hidden in text', () => {
    for (const bad of ['', 'abc', '+6141', '0412', 'call +61412345678 now', '+61412345678x', '++61412345678']) {
      assert.equal(parser.parse(bad, 'AU'), null, bad);
    }
  });

  it('knows every documented test number, written in E.164 or locally', () => {
    for (const [number, country] of TEST_NUMBERS) assert.deepEqual(parser.parse(number, 'AU'), { e164: number, country, isTest: true }, number);
    assert.deepEqual(parser.parse('0411 111 111', 'AU'), { e164: '+61411111111', country: 'AU', isTest: true });
  });

  it('gives the same answer from its cache, and keeps working once the cache was cleared', () => {
    const small = new RecipientParser(2);
    const first = small.parse('+61412345678', 'AU');
    small.parse('+61412345679', 'AU');
    small.parse('+61412345670', 'AU'); // clears
    assert.deepEqual(small.parse('+61412345678', 'AU'), first);
    assert.equal(small.parse('nope', 'AU'), null);
    assert.equal(small.parse('nope', 'AU'), null);
  });

  it('reads local numbers in the message country, else the account default; a bad country reads nothing', () => {
    assert.equal(readingCountry(undefined, 'AU'), 'AU');
    assert.equal(readingCountry('', 'AU'), 'AU');
    assert.equal(readingCountry('us', 'AU'), 'US');
    assert.equal(readingCountry('XX', 'AU'), undefined);
    assert.equal(readingCountry('USA', 'AU'), undefined);
  });
});

describe('SMS sender ids', () => {
  it('accepts numbers and alphanumeric tags of at most 11 characters without spaces', () => {
    for (const ok of ['+61411111111', '61411111111', '1234', 'Sendbox', 'sendmobile', 'ABCDEFGHIJK', 'Shop24']) assert.equal(isValidSenderId(ok), true, ok);
    for (const bad of ['ABCDEFGHIJKL', 'my shop', '', '12', '+1234567890123456789', 'héllo', 'a b']) assert.equal(isValidSenderId(bad), false, bad);
  });
});

describe('SMS schedules', () => {
  const now = 1_800_000_000;
  it('means now when absent, null, 0 or empty, and keeps a future time', () => {
    for (const v of [undefined, null, 0, '0', '']) assert.equal(scheduleAt(v, now), now, String(v));
    assert.equal(scheduleAt(now + 3600, now), now + 3600);
    assert.equal(scheduleAt(String(now + 60), now), now + 60);
  });

  it('refuses the past (beyond a minute of clock skew) and anything that is not unix seconds', () => {
    assert.equal(scheduleAt(now - SCHEDULE_GRACE_S, now), now, 'within the grace: now');
    assert.equal(scheduleAt(now - SCHEDULE_GRACE_S - 1, now), undefined);
    for (const bad of [1000, -5, 1.5, 'tomorrow', '12abc', now * 1000, Number.NaN]) assert.equal(scheduleAt(bad, now), undefined, String(bad));
  });
});

describe('SMS throttle keys', () => {
  it('are stable, 53-bit, and differ when the recipient or the body does', () => {
    const k = throttleKey('+61412345678', 'hello');
    assert.equal(k, throttleKey('+61412345678', 'hello'));
    assert.ok(Number.isSafeInteger(k) && k >= 0);
    assert.notEqual(k, throttleKey('+61412345679', 'hello'));
    assert.notEqual(k, throttleKey('+61412345678', 'hello!'));
    // The separator keeps "to+body" boundaries apart.
    assert.notEqual(throttleKey('+614', '12345678hello'), throttleKey('+61412345678', 'hello'));
  });
});
