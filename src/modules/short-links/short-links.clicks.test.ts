import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAgent, throttleKey } from './short-links.clicks.js';

describe('click details', () => {
  it('reads browser, OS and device type from a user agent, and nothing from none', () => {
    assert.deepEqual(describeAgent('Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1'), {
      user_agent: 'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
      browser: 'Safari',
      os: 'iOS',
      device: 'tablet',
    });
    assert.deepEqual(describeAgent(undefined), { user_agent: null, browser: null, os: null, device: null });
    assert.deepEqual(describeAgent('   '), { user_agent: null, browser: null, os: null, device: null });
    assert.equal(describeAgent(`curl/8.0 ${'x'.repeat(5000)}`).user_agent?.length, 512);
  });

  it('throttles IPv4 clients by address and IPv6 clients by their /64', () => {
    assert.equal(throttleKey('198.51.100.7'), '198.51.100.7');
    assert.equal(throttleKey('::ffff:198.51.100.7'), '198.51.100.7');
    assert.equal(throttleKey('2001:db8:0:1::1'), '2001:db8:0:1::/64');
    assert.equal(throttleKey('2001:0db8:0000:0001:ffff:1:2:3'), '2001:db8:0:1::/64');
    assert.equal(throttleKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(throttleKey('::1'), '0:0:0:0::/64');
    assert.equal(throttleKey('fe80::1:2:3:4'), 'fe80:0:0:0::/64');
  });
});
