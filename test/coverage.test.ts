import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, describe, it } from 'node:test';
import { COVERAGE_FILE, collectRoutes, loadEndpoints, pathPattern, renderCoverage, type Endpoint, type RegisteredRoute } from '../scripts/endpoint-coverage.js';

/** The first line where two texts part, for a message a person can act on. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}:\n  committed:   ${x[i] ?? '(end of file)'}\n  registered:  ${y[i] ?? '(end of file)'}`;
  }
  return '(none)';
}

describe('docs/coverage.md', () => {
  let endpoints: Endpoint[];
  let routes: RegisteredRoute[];
  before(async () => {
    endpoints = loadEndpoints();
    routes = await collectRoutes();
  });

  it('matches the routes registered now', () => {
    const expected = renderCoverage(endpoints, routes);
    const committed = fs.existsSync(COVERAGE_FILE) ? fs.readFileSync(COVERAGE_FILE, 'utf8') : '';
    assert.ok(
      committed === expected,
      `docs/coverage.md is out of date with the registered routes; run \`npm run coverage:endpoints\` and commit the result.\nFirst difference at ${firstDifference(committed, expected)}`,
    );
  });

  it('lists every endpoint of endpoints.json exactly once', () => {
    const text = renderCoverage(endpoints, routes);
    const rows = text.split('\n').filter((l) => /^\| [^|]+ \| (GET|POST|PUT|DELETE|PATCH) \| `/.test(l));
    assert.equal(rows.length, endpoints.length);
    assert.match(text, new RegExp(`of ${endpoints.length} endpoints done`));
  });

  it('marks a registered endpoint done with its module, and not yet once the route is gone', () => {
    const text = renderCoverage(endpoints, routes);
    assert.match(text, /\| Pricing \| GET \| `\/pricing\/\{country\}` \| — \| — \| done \| pricing \|/);
    assert.match(text, /\| Countries \| GET \| `\/countries` \| — \| `CountriesApi.countriesGet` \| done \| reference \|/);
    const without = renderCoverage(
      endpoints,
      routes.filter((r) => r.path !== '/countries'),
    );
    assert.match(without, /\| Countries \| GET \| `\/countries` \| — \| `CountriesApi.countriesGet` \| not yet \| — \|/);
    assert.notEqual(without, text);
  });

  it('matches path parameters by position whatever their names, and never a parameter against a fixed segment', () => {
    assert.equal(pathPattern('/lists/{list_id}/contacts/{contact_id}'), pathPattern('/lists/:id/contacts/:cid'));
    assert.equal(pathPattern('/automations/sms/inbound/'), pathPattern('/automations/sms/inbound'));
    assert.notEqual(pathPattern('/reseller/{subdomain}'), pathPattern('/reseller/accounts'));
    const fake: RegisteredRoute[] = [{ method: 'GET', path: '/post/letters/history/:x', module: 'letters' }];
    const ep: Endpoint[] = [
      { section: 'S', name: 'n', method: 'GET', path: '/post/letters/history/{message_id}', sdk: null },
      { section: 'S', name: 'n', method: 'GET', path: '/post/letters/history/export', sdk: null },
      { section: 'S', name: 'n', method: 'DELETE', path: '/post/letters/history/{message_id}', sdk: null },
    ];
    const text = renderCoverage(ep, fake);
    assert.match(text, /\| GET \| `\/post\/letters\/history\/\{message_id\}` \| — \| — \| done \| letters \|/);
    assert.match(text, /\| GET \| `\/post\/letters\/history\/export` \| — \| — \| not yet \|/);
    assert.match(text, /\| DELETE \| `\/post\/letters\/history\/\{message_id\}` \| — \| — \| not yet \|/);
    assert.match(text, /\*\*1 of 3 endpoints done\*\*/);
  });

  it('attributes each registered /v3 route to the module folder that registered it', () => {
    const byPath = new Map(routes.map((r) => [`${r.method} ${r.path}`, r.module]));
    assert.equal(byPath.get('GET /account'), 'accounts');
    assert.equal(byPath.get('GET /timezones'), 'reference');
    assert.equal(byPath.get('GET /pricing/:country'), 'pricing');
    assert.ok(!routes.some((r) => r.method === 'HEAD'), 'HEAD twins left out');
  });
});
