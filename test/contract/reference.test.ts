import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('CountriesApi and TimezonesApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('countriesGet needs no credentials and lists ISO codes with English names, Afghanistan first', async () => {
    // The SDK's CountriesApi sends no Authorization header when built with a base path only.
    const r = await call(new clicksend.CountriesApi(s.base).countriesGet());
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.http_code, 200);
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'List of Countries.');
    const list = r.body.data as { code: string; value: string }[];
    assert.ok(Array.isArray(list));
    assert.deepEqual(list[0], { code: 'AF', value: 'Afghanistan' });
    assert.equal(list.length, 250);
    for (const c of list) {
      assert.deepEqual(Object.keys(c), ['code', 'value']);
      assert.match(c.code, /^[A-Z]{2}$/);
    }
    assert.deepEqual(
      list.find((c) => c.code === 'AU'),
      { code: 'AU', value: 'Australia' },
    );
    assert.equal(new Set(list.map((c) => c.code)).size, list.length, 'each code once');
    const names = list.map((c) => c.value);
    assert.deepEqual(names, [...names].sort(new Intl.Collator('en').compare), 'ordered by name');
  });

  it('timezonesGet returns every IANA zone as a plain array of strings, sorted', async () => {
    const r = await call(sdk(s, 'TimezonesApi').timezonesGet());
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'List of timezones.');
    const zones = r.body.data as string[];
    assert.ok(Array.isArray(zones), 'a plain array, as documented, not a pagination block');
    assert.equal(zones[0], 'Africa/Abidjan');
    assert.ok(zones.includes('Australia/Melbourne'));
    assert.ok(zones.length >= Intl.supportedValuesOf('timeZone').length);
    assert.deepEqual(zones, [...zones].sort());
  });

  it('timezonesGet applies page and limit when the caller gives them', async () => {
    const all = (await call(sdk(s, 'TimezonesApi').timezonesGet())).body.data as string[];
    const r = await call(sdk(s, 'TimezonesApi').timezonesGet(2, 20));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data, all.slice(20, 40));
    const beyond = await call(sdk(s, 'TimezonesApi').timezonesGet(1000, 100));
    assert.deepEqual(beyond.body.data, []);
  });

  it('timezonesGet refuses wrong credentials with 401 in the envelope', async () => {
    const r = await call(sdk(s, 'TimezonesApi', { username: s.owner.username, apiKey: 'WRONG-KEY' }).timezonesGet());
    assert.equal(r.status, 401);
    assert.equal(r.body.http_code, 401);
    assert.equal(r.body.response_code, 'UNAUTHORIZED');
  });

  it('GET /timezones without credentials is 401, and a non-numeric page is a 400 naming the field', async () => {
    const anon = await s.request('GET', '/v3/timezones', { as: null });
    assert.equal(anon.status, 401);
    const bad = await s.request('GET', '/v3/timezones?page=abc');
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /page/);
  });
});
