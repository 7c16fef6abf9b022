import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeCsv } from '../../src/core/files/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('GET /files/{name}', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('serves a stored file by its name without credentials, with its content type', async () => {
    await s.services.files.put('6588A986-E306-4309-B229-FD9215EE1013.pdf', Buffer.from('%PDF-1.7 test'));
    const r = await fetch(`${s.origin}/files/6588A986-E306-4309-B229-FD9215EE1013.pdf`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal(await r.text(), '%PDF-1.7 test');
  });

  it('streams a CSV export and names the download after ?filename=', async () => {
    async function* rows() {
      for (let i = 0; i < 5000; i++) yield [i, `name, "quoted" ${i}`];
    }
    await writeCsv(s.services.files, 'AAAABBBB-CCCC.csv', ['id', 'name'], rows());
    const r = await fetch(`${s.origin}/files/AAAABBBB-CCCC.csv?filename=my%20export.csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-disposition') ?? '', /filename="my export.csv"/);
    const lines = (await r.text()).trim().split('\n');
    assert.equal(lines.length, 5001);
    assert.equal(lines[0], 'id,name');
    assert.equal(lines[2], '1,"name, ""quoted"" 1"');
  });

  it('answers 404 in the envelope for an unknown or malformed name', async () => {
    for (const name of ['00000000-0000-0000-0000-000000000000.pdf', '..%2F..%2Fetc%2Fpasswd', '.hidden']) {
      const r = await fetch(`${s.origin}/files/${name}`);
      assert.equal(r.status, 404, name);
      const body = (await r.json()) as any;
      assert.equal(body.response_code, 'NOT_FOUND');
    }
  });
});
