import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ShortLinksService, type MintRecipient } from '../../src/modules/short-links/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

const AGENTS = {
  chromeDesktop: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
};

const recipient = (n: number, over: Partial<MintRecipient> = {}): MintRecipient => ({
  contactId: 1000 + n,
  phone: `+614111${String(n).padStart(5, '0')}`,
  firstName: `First${n}`,
  lastName: `Last${n}`,
  targetUrl: `https://example.com/offer?n=${n}`,
  ...over,
});

describe('short links over HTTP', () => {
  let s: TestServer;
  // A clock the test moves: date_opened is asserted exactly, with no sleeps.
  let nowMs = Date.UTC(2026, 0, 15, 10, 0, 0);
  const clock = { nowMs: () => nowMs };
  before(async () => {
    s = await startServer({ clock });
  });
  after(() => s.close());

  const mint = (accountId: number, campaignId: number, recipients: MintRecipient[]) => s.dbh.db.transaction().execute((trx) => s.services.shortLinks.mint(trx, accountId, campaignId, recipients));

  /** A real request that does not follow redirects, as a person's browser would see the first answer. */
  const open = (url: string, init: { method?: string; agent?: string } = {}) =>
    fetch(url, { method: init.method ?? 'GET', redirect: 'manual', headers: init.agent ? { 'user-agent': init.agent } : {} });

  it('mints short, unique URLs under PUBLIC_URL/s/ and redirects each to its own target with 302', async () => {
    const links = await mint(s.owner.accountId, 1, [recipient(1), recipient(2), recipient(3)]);
    assert.equal(links.length, 3);
    for (const l of links) assert.match(l.url, new RegExp(`^${s.origin}/s/[0-9A-Za-z]{8}$`));
    assert.equal(new Set(links.map((l) => l.code)).size, 3);
    for (const [i, l] of links.entries()) {
      const r = await open(l.url, { agent: AGENTS.chromeDesktop });
      assert.equal(r.status, 302);
      assert.equal(r.headers.get('location'), `https://example.com/offer?n=${i + 1}`);
      assert.equal(r.headers.get('cache-control'), 'no-store');
    }
    // What messengers append (and junk a client adds) to the query does not stand between a person and the target.
    const tagged = await open(`${links[0]!.url}?fbclid=abc&x=%00`);
    assert.equal(tagged.status, 302);
    assert.equal(tagged.headers.get('location'), 'https://example.com/offer?n=1');
  });

  it('keeps no link minted in a transaction that rolls back', async () => {
    let code = '';
    await assert.rejects(
      s.dbh.db.transaction().execute(async (trx) => {
        code = (await s.services.shortLinks.mint(trx, s.owner.accountId, 2, [recipient(1)]))[0]!.code;
        throw new Error('campaign refused');
      }),
      /campaign refused/,
    );
    assert.equal((await open(`${s.origin}/s/${code}`)).status, 404);
  });

  it('answers an unknown code, a malformed code and other paths under /s with a plain HTML 404, never an envelope or a redirect', async () => {
    for (const path of [
      '/s/ZZZZZZZZ',
      '/s/abc',
      '/s/has-dash!',
      `/s/${'a'.repeat(600)}`,
      '/s/a/b',
      '/s',
      '/s/%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC%E2%82%AC',
      '/s/%00abcdefgh',
      '/s/abcdefgh?x=%00',
    ]) {
      const r = await open(`${s.origin}${path}`);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers.get('location'), null, path);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/, path);
      const text = await r.text();
      assert.match(text, /Link not found/, path);
      assert.doesNotMatch(text, /http_code|response_code/, path);
    }
  });

  it('answers HEAD with the same 302 (or 404) and counts no click', async () => {
    const [link] = await mint(s.owner.accountId, 3, [recipient(1)]);
    const r = await open(link!.url, { method: 'HEAD', agent: AGENTS.chromeDesktop });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), 'https://example.com/offer?n=1');
    assert.equal((await open(`${s.origin}/s/ZZZZZZZY`, { method: 'HEAD' })).status, 404);
    const stats = await s.services.shortLinks.statistics(s.owner.accountId, 3);
    assert.deepEqual(stats, { links: { opened: 0, unopened: 1 } });
  });

  describe('a campaign clicked from three kinds of device', () => {
    const campaign = 10;
    const firstClickS = Math.floor(Date.UTC(2026, 0, 15, 11, 0, 0) / 1000);
    let links: Awaited<ReturnType<typeof mint>>;
    before(async () => {
      const people = Array.from({ length: 20 }, (_, i) => recipient(i + 1));
      people[3] = recipient(4, { firstName: '=HYPERLINK("http://evil.example","click")', lastName: '+SUM(A1:A2)' });
      links = await mint(s.owner.accountId, campaign, people);
      nowMs = firstClickS * 1000;
      assert.equal((await open(links[0]!.url, { agent: AGENTS.chromeDesktop })).status, 302);
      nowMs += 60_000;
      assert.equal((await open(links[0]!.url, { agent: AGENTS.iphoneSafari })).status, 302);
      assert.equal((await open(links[1]!.url, { agent: AGENTS.iphoneSafari })).status, 302);
      assert.equal((await open(links[2]!.url, { agent: AGENTS.androidChrome })).status, 302);
      assert.equal((await open(links[3]!.url)).status, 302); // no User-Agent at all
    });

    it('counts opened links by browser, device, OS and country in the documented shape', async () => {
      const stats = await s.services.shortLinks.statistics(s.owner.accountId, campaign);
      assert.deepEqual(stats, {
        links: { opened: 4, unopened: 16 },
        // Link 1 was opened on a desktop Chrome and an iPhone: it counts under both.
        browser: [
          { count: 2, label: 'Chrome' },
          { count: 2, label: 'Safari' },
          { count: 1, label: 'Other' },
        ],
        device: [
          { count: 3, label: 'Mobile' },
          { count: 1, label: 'Desktop' },
          { count: 1, label: 'Other' },
        ],
        os: [
          { count: 2, label: 'IOS' },
          { count: 1, label: 'Android' },
          { count: 1, label: 'Other' },
          { count: 1, label: 'Windows' },
        ],
        // No GeoIP database and no trusted country header: every click is "Other", as ClickSend labels unknowns.
        country: [{ count: 4, label: 'Other' }],
      });
    });

    it('pages the tracking rows in send order with each recipient, its first open and its count', async () => {
      const first = await s.services.shortLinks.tracking(s.owner.accountId, campaign, { page: 1, limit: 15, offset: 0 });
      assert.equal(first.total, 20);
      assert.equal(first.items.length, 15);
      assert.deepEqual(first.items[0], {
        contact: { contact_id: 1001, first_name: 'First1', last_name: 'Last1', phone_number: '+61411100001' },
        date_opened: String(firstClickS),
        open_count: 2,
        user_browser: 'Chrome',
        user_device: 'Desktop',
        user_geo_country: null,
        user_geo_region: null,
        user_os: 'Windows',
      });
      assert.deepEqual(first.items[1], {
        contact: { contact_id: 1002, first_name: 'First2', last_name: 'Last2', phone_number: '+61411100002' },
        date_opened: String(firstClickS + 60),
        open_count: 1,
        user_browser: 'Safari',
        user_device: 'Mobile',
        user_geo_country: null,
        user_geo_region: null,
        user_os: 'IOS',
      });
      assert.deepEqual(first.items[4], {
        contact: { contact_id: 1005, first_name: 'First5', last_name: 'Last5', phone_number: '+61411100005' },
        date_opened: null,
        open_count: 0,
        user_browser: null,
        user_device: null,
        user_geo_country: null,
        user_geo_region: null,
        user_os: null,
      });
      const second = await s.services.shortLinks.tracking(s.owner.accountId, campaign, { page: 2, limit: 15, offset: 15 });
      assert.equal(second.total, 20);
      assert.deepEqual(
        second.items.map((i) => i.contact.contact_id),
        [1016, 1017, 1018, 1019, 1020],
      );
    });

    it('exports every tracking row as a CSV whose formula-looking names are neutralised', async () => {
      const { url } = await s.services.shortLinks.exportCsv(s.owner.accountId, campaign, 'clicks.csv');
      assert.match(url, new RegExp(`^${s.origin}/files/[0-9A-F-]{36}\\.csv\\?filename=clicks\\.csv$`));
      const r = await fetch(url);
      assert.equal(r.status, 200);
      const rows = parse(await r.text(), { columns: true }) as Array<Record<string, string>>;
      assert.equal(rows.length, 20);
      assert.deepEqual(rows[0], {
        contact_id: '1001',
        first_name: 'First1',
        last_name: 'Last1',
        phone_number: '+61411100001',
        date_opened: String(firstClickS),
        open_count: '2',
        user_browser: 'Chrome',
        user_device: 'Desktop',
        user_geo_country: '',
        user_geo_region: '',
        user_os: 'Windows',
        short_url: links[0]!.url,
        target_url: 'https://example.com/offer?n=1',
      });
      assert.equal(rows[3]!.first_name, `'=HYPERLINK("http://evil.example","click")`);
      assert.equal(rows[3]!.last_name, "'+SUM(A1:A2)");
      assert.equal(rows[3]!.open_count, '1');
      assert.equal(rows[19]!.contact_id, '1020');
    });

    it("shows another account nothing of this campaign's links", async () => {
      const other = await s.createAccount(`links-other-${Date.now()}`);
      const tracking = await s.services.shortLinks.tracking(other.accountId, campaign, { page: 1, limit: 15, offset: 0 });
      assert.deepEqual(tracking, { total: 0, items: [] });
      assert.deepEqual(await s.services.shortLinks.statistics(other.accountId, campaign), { links: { opened: 0, unopened: 0 } });
      const { url } = await s.services.shortLinks.exportCsv(other.accountId, campaign, 'x.csv');
      const csv = await (await fetch(url)).text();
      assert.equal(csv.trim().split('\n').length, 1, csv);
    });
  });

  it('refuses a target that is not an http(s) URL, naming url_to_shorten, and mints nothing', async () => {
    for (const bad of ['javascript:alert(1)', 'ftp://example.com/x', 'example.com/offer', 'https://bank.example@evil.example/', '', 'https://exa mple.com/']) {
      await assert.rejects(mint(s.owner.accountId, 4, [recipient(1), recipient(2, { targetUrl: bad })]), (err: Error & { httpCode?: number }) => {
        assert.equal(err.httpCode, 400, bad);
        assert.match(err.message, /url_to_shorten/, bad);
        return true;
      });
    }
    assert.equal((await s.services.shortLinks.tracking(s.owner.accountId, 4, { page: 1, limit: 15, offset: 0 })).total, 0);
  });

  it('re-mints a code that is taken or drawn twice, and gives up (refusing the mint) when codes keep colliding', async () => {
    const [taken] = await mint(s.owner.accountId, 6, [recipient(1)]);
    // The same service over the same database, with codes that collide: the stored one first, then one drawn twice.
    const draws = [
      [taken!.code, 'Fresh0001', 'Fresh0001'],
      ['Fresh0002', 'Fresh0003'],
    ];
    const colliding = new ShortLinksService(s.dbh.db, clock, s.config, s.services.files, (count) => (draws.shift() ?? []).slice(0, count));
    const links = await s.dbh.db.transaction().execute((trx) => colliding.mint(trx, s.owner.accountId, 6, [recipient(2), recipient(3), recipient(4)]));
    assert.deepEqual(
      links.map((l) => l.code),
      ['Fresh0002', 'Fresh0001', 'Fresh0003'],
    );
    for (const [i, l] of links.entries()) assert.equal((await open(l.url)).headers.get('location'), `https://example.com/offer?n=${i + 2}`);
    assert.equal((await open(taken!.url)).headers.get('location'), 'https://example.com/offer?n=1');

    const stuck = new ShortLinksService(s.dbh.db, clock, s.config, s.services.files, () => [taken!.code]);
    await assert.rejects(
      s.dbh.db.transaction().execute((trx) => stuck.mint(trx, s.owner.accountId, 7, [recipient(1)])),
      /codes still collided after 5 attempts/,
    );
    assert.equal((await s.services.shortLinks.tracking(s.owner.accountId, 7, { page: 1, limit: 15, offset: 0 })).total, 0);
  });

  it('mints a 20,000-recipient campaign in one transaction, every code distinct', async () => {
    const people = Array.from({ length: 20_000 }, (_, i) => recipient(i));
    const links = await mint(s.owner.accountId, 5, people);
    assert.equal(links.length, 20_000);
    assert.equal(new Set(links.map((l) => l.code)).size, 20_000);
    assert.equal(new Set(links.map((l) => l.linkId)).size, 20_000);
    // Answers come back in the recipients' order.
    const r = await open(links[12_345]!.url);
    assert.equal(r.headers.get('location'), 'https://example.com/offer?n=12345');
    assert.equal((await s.services.shortLinks.tracking(s.owner.accountId, 5, { page: 1, limit: 15, offset: 0 })).total, 20_000);
  });
});
