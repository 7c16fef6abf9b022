import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startServer, type TestServer } from '../helpers/server.js';

/** The redirect's per-address limits, with small configured numbers; TRUST_PROXY lets each case be its own client. */
describe('short links throttling and the trusted country header', () => {
  let s: TestServer;
  let url = '';
  before(async () => {
    s = await startServer({
      env: { SHORT_LINK_CLICKS_MAX: '5', SHORT_LINK_MISSES_MAX: '3', SHORT_LINK_WINDOW: '3600', TRUST_PROXY: '127.0.0.1', SHORT_LINK_COUNTRY_HEADER: 'cf-ipcountry' },
    });
    const minted = await s.services.shortLinks.mint(s.dbh.db, s.owner.accountId, 1, [{ contactId: 1, phone: '+61411111111', firstName: 'A', lastName: 'B', targetUrl: 'https://example.com/landing' }]);
    url = minted[0]!.url;
  });
  after(() => s.close());

  /** A request from `client` as the trusted proxy on 127.0.0.1 reports it. */
  const from = (client: string, target: string, headers: Record<string, string> = {}) => fetch(target, { redirect: 'manual', headers: { 'x-forwarded-for': client, ...headers } });

  it('answers 429 in plain text with Retry-After once a client passes SHORT_LINK_CLICKS_MAX, and other clients still pass', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await from('198.51.100.1', url)).status, 302);
    const r = await from('198.51.100.1', url);
    assert.equal(r.status, 429);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.match(await r.text(), /Too many requests/);
    assert.equal((await from('198.51.100.2', url)).status, 302);
    // Counted clicks: the five that were redirected, not the refused one.
    const stats = await s.services.shortLinks.statistics(s.owner.accountId, 1);
    assert.deepEqual(stats.links, { opened: 1, unopened: 0 });
    assert.equal((await s.services.shortLinks.tracking(s.owner.accountId, 1, { page: 1, limit: 15, offset: 0 })).items[0]!.open_count, 6);
  });

  it('after SHORT_LINK_MISSES_MAX unknown codes answers 429 for every code, live ones included', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await from('198.51.100.3', `${s.origin}/s/Unknown${i}x`)).status, 404);
    assert.equal((await from('198.51.100.3', `${s.origin}/s/Unknown9x`)).status, 429);
    // A guesser past the limit cannot tell a live code from a dead one.
    assert.equal((await from('198.51.100.3', url)).status, 429);
    assert.equal((await from('198.51.100.4', url)).status, 302);
  });

  it("records the country a trusted proxy reports, and ignores the header's non-countries", async () => {
    const minted = await s.services.shortLinks.mint(s.dbh.db, s.owner.accountId, 2, [
      { contactId: 1, phone: '+61411111111', firstName: 'A', lastName: 'B', targetUrl: 'https://example.com/1' },
      { contactId: 2, phone: '+61411111112', firstName: 'C', lastName: 'D', targetUrl: 'https://example.com/2' },
    ]);
    assert.equal((await from('198.51.100.5', minted[0]!.url, { 'cf-ipcountry': 'nz' })).status, 302);
    assert.equal((await from('198.51.100.6', minted[1]!.url, { 'cf-ipcountry': 'XX' })).status, 302);
    const stats = await s.services.shortLinks.statistics(s.owner.accountId, 2);
    assert.deepEqual(stats.country, [
      { count: 1, label: 'NZ' },
      { count: 1, label: 'Other' },
    ]);
    const rows = await s.services.shortLinks.tracking(s.owner.accountId, 2, { page: 1, limit: 15, offset: 0 });
    assert.deepEqual(
      rows.items.map((i) => i.user_geo_country),
      ['NZ', null],
    );
  });
});

describe('short links without a trusted proxy', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { SHORT_LINK_COUNTRY_HEADER: 'cf-ipcountry' } });
  });
  after(() => s.close());

  it('ignores a country header the client sent itself', async () => {
    const [link] = await s.services.shortLinks.mint(s.dbh.db, s.owner.accountId, 1, [{ contactId: null, phone: '+61411111111', firstName: null, lastName: null, targetUrl: 'https://example.com/' }]);
    const r = await fetch(link!.url, { redirect: 'manual', headers: { 'cf-ipcountry': 'US', 'x-forwarded-for': '198.51.100.9' } });
    assert.equal(r.status, 302);
    const stats = await s.services.shortLinks.statistics(s.owner.accountId, 1);
    assert.deepEqual(stats.country, [{ count: 1, label: 'Other' }]);
  });
});

describe('short links under another prefix and code length', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { SHORT_LINK_PREFIX: 'go', SHORT_LINK_CODE_LENGTH: '10' } });
  });
  after(() => s.close());

  it('mints and serves /go/<10 characters>, and /s/ is no longer a short link', async () => {
    const [link] = await s.services.shortLinks.mint(s.dbh.db, s.owner.accountId, 1, [{ contactId: null, phone: null, firstName: null, lastName: null, targetUrl: 'https://example.com/go' }]);
    assert.match(link!.url, new RegExp(`^${s.origin}/go/[0-9A-Za-z]{10}$`));
    const r = await fetch(link!.url, { redirect: 'manual' });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), 'https://example.com/go');
    const old = await s.request('GET', `/s/${link!.code}`);
    assert.equal(old.status, 404);
    assert.equal(old.body.response_code, 'NOT_FOUND');
  });
});

describe('short links when a click cannot be written', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('still sends the person to the target (the click alone is lost)', async () => {
    const [link] = await s.services.shortLinks.mint(s.dbh.db, s.owner.accountId, 1, [{ contactId: null, phone: null, firstName: null, lastName: null, targetUrl: 'https://example.com/still' }]);
    // A real failure of the click write, on this test's own database: the table is gone.
    await sql`drop table link_clicks`.execute(s.dbh.db);
    const r = await fetch(link!.url, { redirect: 'manual' });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), 'https://example.com/still');
    assert.equal((await fetch(`${s.origin}/s/Nope1234`, { redirect: 'manual' })).status, 404);
  });
});
