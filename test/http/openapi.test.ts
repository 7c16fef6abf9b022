import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

/** What Swagger UI's "try it out" calls: the operation's servers, else the path's, else the document's (OpenAPI 3). */
function effectiveServer(doc: any, path: string, method: string): string {
  const item = doc.paths[path];
  return (item[method].servers ?? item.servers ?? doc.servers)[0].url;
}

describe('OpenAPI document', () => {
  let s: TestServer;
  let doc: any;
  before(async () => {
    s = await startServer();
    doc = await (await fetch(`${s.origin}/openapi.json`)).json();
  });
  after(() => s.close());

  it('every route schema compiles (start-up compiles them after listen, so a broken one would otherwise surface as a 500)', async () => {
    await s.warmSchemas();
  });

  it('documents /v3 routes under the /v3 server and GET /files/{name} under the host root', () => {
    assert.deepEqual(doc.servers, [{ url: `${s.origin}/v3` }]);
    assert.equal(effectiveServer(doc, '/account', 'get'), `${s.origin}/v3`);
    assert.deepEqual(doc.paths['/files/{name}'].servers, [{ url: s.origin }]);
    assert.equal(doc.paths['/v3/files/{name}'], undefined);
  });

  it('every documented GET, called where the document says, reaches a route (never "No such endpoint")', async () => {
    const gets = Object.keys(doc.paths).filter((p) => doc.paths[p].get);
    assert.ok(gets.length > 20, `${gets.length} GET paths`);
    for (const p of gets) {
      const url = effectiveServer(doc, p, 'get') + p.replace(/\{[^}]+\}/g, '1');
      const r = await fetch(url);
      const body = r.headers.get('content-type')?.includes('json') ? ((await r.json()) as any) : await r.text();
      assert.doesNotMatch(String(body?.response_msg ?? ''), /No such endpoint/, `GET ${url}`);
    }
  });
});
