import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createList, csvText, e164Mobile, encode, fetchText, importEnded, localMobile, spreadsheetFromCsv, startImport, storedContacts, uploadCsv } from '../helpers/contacts-import.js';
import { startServer, type TestServer } from '../helpers/server.js';

const ROWS = [
  ['Phone', 'First Name', 'Last Name'],
  [localMobile(101), 'Zoë', 'Ōtake'],
  [localMobile(102), 'Renée', 'Smith, Jr'],
];

describe('contact imports: spreadsheets through LibreOffice, and files at other URLs', () => {
  let s: TestServer;
  let remote: http.Server;
  let remoteBase: string;
  const served = new Map<string, Buffer>();
  before(async () => {
    // The remote file server is on loopback: only ALLOW_PRIVATE_URLS lets the SafeFetcher reach it.
    s = await startServer({ env: { ALLOW_PRIVATE_URLS: '1' } });
    remote = http.createServer((req, res) => {
      const body = served.get(req.url ?? '');
      res.statusCode = body ? 200 : 404;
      res.end(body ?? 'not here');
    });
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    remoteBase = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
  });
  after(async () => {
    remote.close();
    await s.close();
  });

  // xls goes the same way (detected by its Workbook stream); two kinds keep the LibreOffice time down.
  for (const kind of ['xlsx', 'ods'] as const) {
    it(`converts an ${kind.toUpperCase()} upload to CSV (first sheet, UTF-8) and imports it`, async (t) => {
      const sheet = await spreadsheetFromCsv(csvText(ROWS), kind);
      if (typeof sheet === 'string') return t.skip(sheet);
      const up = await s.request('POST', '/v3/uploads?convert=csv', { body: { content: sheet.toString('base64') } });
      assert.equal(up.status, 200, JSON.stringify(up.body));
      assert.match(up.body.data._url, /\.csv$/);
      const csv = await fetchText(up.body.data._url);
      assert.match(csv, /Zoë/, 'UTF-8 CSV');
      const listId = await createList(s, `sheet ${kind}`);
      const r = await startImport(s, listId, up.body.data._url, ['phone', 'first_name', 'last_name']);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const imp = await importEnded(s, listId);
      assert.deepEqual([imp.status, imp.rows_imported, imp.rows_skipped], ['Completed', 2, 0]);
      assert.deepEqual(
        (await storedContacts(s, listId)).map((c) => [c.phone_number, c.first_name, c.last_name]),
        [
          [e164Mobile(101), 'Zoë', 'Ōtake'],
          [e164Mobile(102), 'Renée', 'Smith, Jr'],
        ],
      );
    });
  }

  it('refuses with convert=csv what is neither text nor a spreadsheet, naming what it looks like', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const r = await s.request('POST', '/v3/uploads?convert=csv', { body: { content: png.toString('base64') } });
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, /convert=csv accepts CSV, XLS, XLSX and ODS files; this file looks like a PNG file/);
  });

  it('imports and previews a file at another URL through the SafeFetcher, and reports an unreachable one as Failed', async () => {
    served.set('/contacts.csv', encode.utf8(csvText(ROWS)));
    const listId = await createList(s, 'remote');
    const preview = await s.request('POST', `/v3/lists/${listId}/import-csv-preview`, { body: { file_url: `${remoteBase}/contacts.csv` } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual(preview.body.data.row, ROWS[0]);
    const r = await startImport(s, listId, `${remoteBase}/contacts.csv`, ['phone', 'first_name', 'last_name']);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const imp = await importEnded(s, listId);
    assert.deepEqual([imp.status, imp.rows_imported], ['Completed', 2]);

    const missing = await s.request('POST', `/v3/lists/${listId}/import-csv-preview`, { body: { file_url: `${remoteBase}/gone.csv` } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.response_msg, /file_url could not be fetched: .*answered HTTP 404/);
    const failing = await startImport(s, listId, `${remoteBase}/gone.csv`, ['phone']);
    assert.equal(failing.status, 200, 'the URL is fetched by the job, not while queueing');
    const failed = await importEnded(s, listId);
    assert.equal(failed.status, 'Failed');
    assert.match(failed.error, /file_url could not be fetched: .*answered HTTP 404/);
    assert.equal(failed.rows_done, 0);
  });

  it('fails an import whose file breaks mid-way (an unclosed quote), keeping the rows before it', async () => {
    const text = `${localMobile(103)},Ann\n${localMobile(104)},"Bob\n${'x'.repeat(70_000)}\n`;
    const listId = await createList(s, 'broken');
    const r = await startImport(s, listId, await uploadCsv(s, encode.utf8(text)), ['phone', 'first_name']);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const imp = await importEnded(s, listId);
    assert.equal(imp.status, 'Failed');
    assert.match(imp.error, /could not be read past row 1/);
    assert.equal(imp.rows_imported, 1);
    assert.deepEqual(
      (await storedContacts(s, listId)).map((c) => c.first_name),
      ['Ann'],
    );
  });
});
