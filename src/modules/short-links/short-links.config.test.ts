import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../config/index.js';

describe('SHORT_LINK_* settings', () => {
  it('default to /s/ under PUBLIC_URL, 8-character codes and generous per-address limits', () => {
    assert.deepEqual(loadConfig({ PUBLIC_URL: 'https://sendbox.example.com/' }).shortLinks, {
      baseUrl: 'https://sendbox.example.com',
      prefix: 's',
      codeLength: 8,
      clicksMax: 600,
      missesMax: 30,
      windowS: 60,
      countryHeader: undefined,
    });
  });

  it('read every variable', () => {
    const c = loadConfig({
      SHORT_LINK_BASE_URL: 'https://sbx.link/',
      SHORT_LINK_PREFIX: 'go',
      SHORT_LINK_CODE_LENGTH: '10',
      SHORT_LINK_CLICKS_MAX: '50',
      SHORT_LINK_MISSES_MAX: '5',
      SHORT_LINK_WINDOW: '5m',
      SHORT_LINK_COUNTRY_HEADER: 'CF-IPCountry',
    }).shortLinks;
    assert.deepEqual(c, { baseUrl: 'https://sbx.link', prefix: 'go', codeLength: 10, clicksMax: 50, missesMax: 5, windowS: 300, countryHeader: 'cf-ipcountry' });
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ SHORT_LINK_PREFIX: 'v3' }, /SHORT_LINK_PREFIX must be/],
    [{ SHORT_LINK_PREFIX: 'files' }, /SHORT_LINK_PREFIX must be/],
    [{ SHORT_LINK_PREFIX: 'a/b' }, /SHORT_LINK_PREFIX must be/],
    [{ SHORT_LINK_CODE_LENGTH: '6' }, /SHORT_LINK_CODE_LENGTH must be between 7 and 16/],
    [{ SHORT_LINK_CODE_LENGTH: '17' }, /SHORT_LINK_CODE_LENGTH must be between 7 and 16/],
    [{ SHORT_LINK_BASE_URL: 'ftp://x.example' }, /SHORT_LINK_BASE_URL must be an http\(s\) URL/],
    [{ SHORT_LINK_BASE_URL: 'https://x.example/?a=1' }, /SHORT_LINK_BASE_URL must be an http\(s\) URL without a query/],
    [{ SHORT_LINK_COUNTRY_HEADER: 'x y' }, /SHORT_LINK_COUNTRY_HEADER must be a header name/],
    [{ SHORT_LINK_CLICKS_MAX: '0' }, /SHORT_LINK_CLICKS_MAX must be between 1/],
  ];
  for (const [env, message] of bad) {
    it(`refuse ${JSON.stringify(env)} naming the variable`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: Error) => err instanceof ConfigError && message.test(err.message),
      );
    });
  }
});
