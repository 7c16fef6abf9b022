import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTargetUrl, LINK_CODE_PATTERN, newLinkCode } from './short-links.codes.js';
import { facetCounts, statistics } from './short-links.presenter.js';

describe('short link codes', () => {
  it('are base62 of the asked length, accepted by the request pattern, and do not repeat', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const c = newLinkCode(8);
      assert.match(c, /^[0-9A-Za-z]{8}$/);
      assert.ok(LINK_CODE_PATTERN.test(c));
      codes.add(c);
    }
    assert.equal(codes.size, 5000);
    assert.equal(newLinkCode(16).length, 16);
  });

  it('use every one of the 62 characters (no alphabet slice left out by the unbiasing)', () => {
    const seen = new Set(Array.from({ length: 400 }, () => newLinkCode(16)).join(''));
    assert.equal(seen.size, 62);
  });
});

describe('checkTargetUrl', () => {
  it('accepts http(s) URLs and gives their normalised form', () => {
    assert.deepEqual(checkTargetUrl(' https://Example.com/a b'.replace(' b', '%20b')), { url: 'https://example.com/a%20b' });
    assert.deepEqual(checkTargetUrl('http://bücher.example/x?q=1#top'), { url: 'http://xn--bcher-kva.example/x?q=1#top' });
  });

  const bad: Array<[unknown, RegExp]> = [
    [undefined, /url_to_shorten must be an http\(s\) URL/],
    ['   ', /url_to_shorten must be an http\(s\) URL/],
    ['example.com', /must be an absolute http\(s\) URL .*got "example.com"/],
    ['mailto:a@example.com', /got a mailto: URL/],
    ['javascript:alert(1)', /got a javascript: URL/],
    ['https://user:pw@example.com/', /must not contain a user name or password/],
    ['https://example.com/\r\nSet-Cookie:x', /spaces or control characters/],
    [`https://example.com/${'a'.repeat(2048)}`, /at most 2048 characters/],
  ];
  for (const [value, message] of bad) {
    it(`refuses ${JSON.stringify(value)?.slice(0, 40)} naming the field`, () => {
      const r = checkTargetUrl(value);
      assert.equal(r.url, undefined);
      assert.match(r.problem ?? '', message);
    });
  }

  it('names the field it is given', () => {
    assert.match(checkTargetUrl('nope', 'target').problem ?? '', /^target /);
  });
});

describe('link statistics', () => {
  it('labels values as ClickSend does (first letter upper-case, unknown as Other), merging what reads the same', () => {
    assert.deepEqual(
      facetCounts([
        { value: 'iOS', count: 3 },
        { value: null, count: 1 },
        { value: 'desktop', count: 3 },
        { value: 'Desktop', count: 1 },
      ]),
      [
        { count: 4, label: 'Desktop' },
        { count: 3, label: 'IOS' },
        { count: 1, label: 'Other' },
      ],
    );
  });

  it('leaves out the facets when nothing was clicked', () => {
    assert.deepEqual(statistics(5, 0, { browser: [], os: [], device: [], country: [] }), { links: { opened: 0, unopened: 5 } });
  });
});
