import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createList, csvText, e164Mobile, encode, fetchText, importEnded, localMobile, startImport, storedContacts, uploadCsv } from '../helpers/contacts-import.js';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('contact imports: the files real people have', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  /** Uploads, imports and waits; the list's `_import` and its stored contacts. */
  async function importFile(bytes: Buffer, fieldOrder: string[], extra: object = {}) {
    const listId = await createList(s, `import ${Math.random()}`);
    const url = await uploadCsv(s, bytes);
    const r = await startImport(s, listId, url, fieldOrder, extra);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const imp = await importEnded(s, listId);
    return { listId, imp, contacts: await storedContacts(s, listId) };
  }

  it('imports a UTF-8 file with a BOM and a header row, answering as ClickSend and showing _import on the list', async () => {
    const bytes = encode.utf8Bom(
      csvText([
        ['Phone', 'First Name', 'Email'],
        [localMobile(1), 'Zoë', 'zoe@example.com'],
        [localMobile(2), 'Ann', ''],
      ]),
    );
    const listId = await createList(s, 'BOM');
    const url = await uploadCsv(s, bytes);
    assert.match(url, /\/files\/[0-9A-F-]+\.csv$/);
    const r = await startImport(s, listId, url, ['phone', 'first_name', 'email']);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Your file is now queued.');
    assert.equal(r.body.data.msg, 'Messages put on queue.');
    assert.equal(typeof r.body.data.id, 'string');
    assert.deepEqual(r.body.data.ids, [r.body.data.id]);
    assert.equal(r.body.data._import.status, 'Queued');

    const imp = await importEnded(s, listId);
    assert.equal(imp.status, 'Completed');
    assert.deepEqual([imp.rows_done, imp.rows_imported, imp.rows_skipped, imp.skipped_url, imp.error], [2, 2, 0, null, null]);
    assert.ok(imp.started_at > 0 && imp.finished_at >= imp.started_at);
    const contacts = await storedContacts(s, listId);
    assert.deepEqual(
      contacts.map((c) => [c.phone_number, c.first_name, c.email]),
      [
        [e164Mobile(1), 'Zoë', 'zoe@example.com'],
        [e164Mobile(2), 'Ann', null],
      ],
    );
    const all = await s.request('GET', '/v3/lists?limit=100');
    const mine = all.body.data.data.find((l: any) => l.list_id === listId);
    assert.equal(mine._import.rows_imported, 2);
    assert.equal(mine._contacts_count, 2);
    const fresh = await createList(s, 'never imported');
    assert.equal((await s.request('GET', `/v3/lists/${fresh}`)).body.data._import, undefined, 'a list without imports keeps ClickSend’s shape');
  });

  it("queues an import through the official SDK's ContactListApi.listsImportByListIdPost", async () => {
    const listId = await createList(s, 'sdk');
    const url = await uploadCsv(s, encode.utf8(csvText([[localMobile(17), 'Sdk']])));
    const body = new clicksend.ContactListImport();
    body.fileUrl = url;
    body.fieldOrder = ['phone', 'first_name'];
    const r = await call(sdk(s, 'ContactListApi').listsImportByListIdPost(listId, body));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Your file is now queued.');
    const imp = await importEnded(s, listId);
    assert.deepEqual([imp.status, imp.rows_imported], ['Completed', 1]);
    const bad = new clicksend.ContactListImport();
    bad.fileUrl = url;
    bad.fieldOrder = ['phone', 'nickname'];
    const refused = await call(sdk(s, 'ContactListApi').listsImportByListIdPost(listId, bad));
    assert.equal(refused.status, 400);
    assert.match(refused.body.response_msg, /field_order\[1\] "nickname" is not a contact field/);
  });

  it('reads Windows-1252 (é as 0xE9) without a header row', async () => {
    const bytes = encode.win1252(csvText([[localMobile(3), 'Renée', 'Müller']]));
    assert.ok(bytes.includes(0xe9), 'the fixture holds é as the single byte 0xE9');
    const { imp, contacts } = await importFile(bytes, ['phone_number', 'first_name', 'last_name']);
    assert.equal(imp.rows_imported, 1);
    assert.deepEqual([contacts[0]!.first_name, contacts[0]!.last_name], ['Renée', 'Müller']);
  });

  for (const [name, enc] of [
    ['UTF-16LE', encode.utf16leBom],
    ['UTF-16BE', encode.utf16beBom],
  ] as const) {
    it(`reads ${name} with its BOM (tab-separated, as Excel's Unicode text)`, async () => {
      const bytes = enc(
        csvText(
          [
            ['Mobile', 'Name'],
            [localMobile(4), '山田 太郎'],
            [localMobile(5), 'José'],
          ],
          '\t',
        ),
      );
      const { imp, contacts } = await importFile(bytes, ['phone', 'first_name']);
      assert.equal(imp.status, 'Completed');
      assert.deepEqual(
        contacts.map((c) => [c.phone_number, c.first_name]),
        [
          [e164Mobile(4), '山田 太郎'],
          [e164Mobile(5), 'José'],
        ],
      );
    });
  }

  it('keeps quoted newlines and commas inside a field, reads semicolons, and skips blank lines', async () => {
    const text = [
      'phone;organization_name;address_line_1',
      '',
      `${localMobile(6)};"Smith; Sons, Ltd";"1 Main St`,
      `Unit 2"`,
      '   ',
      `${localMobile(7)};"He said ""hi""";2 High St`,
      // What PostgreSQL's array literals treat specially (the import sends columns as arrays there).
      `${localMobile(16)};Back\\slash {braces} "NULL";NULL`,
      '',
      '',
    ].join('\n');
    const { imp, contacts } = await importFile(encode.utf8(text), ['phone', 'organization_name', 'address_line_1']);
    assert.deepEqual([imp.rows_done, imp.rows_imported, imp.rows_skipped], [3, 3, 0]);
    assert.deepEqual(
      contacts.map((c) => [c.phone_number, c.organization_name, c.address_line_1]),
      [
        [e164Mobile(6), 'Smith; Sons, Ltd', '1 Main St\nUnit 2'],
        [e164Mobile(7), 'He said "hi"', '2 High St'],
        [e164Mobile(16), 'Back\\slash {braces} "NULL"', 'NULL'],
      ],
    );
  });

  it('skips bad rows with their reasons in a CSV of skipped rows, formulas neutralised', async () => {
    const text = csvText([
      ['phone', 'first_name', 'email'],
      [localMobile(8), 'Good', ''],
      ['12345', '=HYPERLINK("http://evil","x")', ''],
      [localMobile(9), 'Bad mail', 'not-an-email'],
      ['', 'Nobody', ''],
      [localMobile(10), 'Also good', 'a@example.com'],
    ]);
    const { imp, contacts } = await importFile(encode.utf8(text), ['phone', 'first_name', 'email']);
    assert.deepEqual([imp.status, imp.rows_done, imp.rows_imported, imp.rows_skipped], ['Completed', 5, 2, 3]);
    assert.deepEqual(
      contacts.map((c) => c.first_name),
      ['Good', 'Also good'],
    );
    assert.match(imp.skipped_url, /\/files\/[0-9A-F-]+\.csv$/);
    const skipped = parse(await fetchText(imp.skipped_url), { relax_column_count: true }) as string[][];
    assert.deepEqual(skipped[0], ['row', 'reason', 'phone_number', 'first_name', 'email']);
    assert.deepEqual(
      skipped.slice(1).map((r) => r[0]),
      ['3', '4', '5'],
      'rows are numbered as in the file, the header being row 1',
    );
    assert.match(skipped[1]![1]!, /phone_number "12345" is not a valid phone number/);
    assert.equal(skipped[1]![3], `'=HYPERLINK("http://evil","x")`, 'a formula is neutralised');
    assert.match(skipped[2]![1]!, /email "not-an-email" is not a valid e-mail address/);
    assert.match(skipped[3]![1]!, /needs at least one of phone_number, email, fax_number/);
    assert.deepEqual(skipped[3]!.slice(2), ['', 'Nobody', ''], 'the original cells follow');
  });

  it('detects a header row by its titles, and takes _has_header when given', async () => {
    const text = csvText([
      ['Mobile number', 'Given name'],
      [localMobile(11), 'Ann'],
    ]);
    const detected = await importFile(encode.utf8(text), ['phone', 'first_name']);
    assert.deepEqual([detected.imp.rows_done, detected.imp.rows_skipped], [1, 0], 'the title row is not a contact, nor a skipped row');
    const forced = await importFile(encode.utf8(text), ['phone', 'first_name'], { _has_header: false });
    assert.deepEqual([forced.imp.rows_done, forced.imp.rows_skipped], [2, 1], 'told there is none, the title row is a (bad) row');
  });

  it('previews the first rows with what was detected', async () => {
    const listId = await createList(s, 'preview');
    const url = await uploadCsv(
      s,
      encode.win1252(
        csvText(
          [
            ['Phone', 'Name'],
            [localMobile(12), 'Renée'],
            [localMobile(13), 'Ann'],
          ],
          ';',
        ),
      ),
    );
    const r = await s.request('POST', `/v3/lists/${listId}/import-csv-preview`, { body: { file_url: url } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Your file preview.');
    assert.deepEqual(r.body.data, {
      row: ['Phone', 'Name'],
      _rows: [
        ['Phone', 'Name'],
        [localMobile(12), 'Renée'],
        [localMobile(13), 'Ann'],
      ],
      _columns: 2,
      _has_header: true,
      _encoding: 'Windows-1252',
      _delimiter: ';',
    });
  });

  it('lists every contact field as {field, label}, ClickSend’s phone first, and accepts either name in field_order', async () => {
    const listId = await createList(s, 'fields');
    const r = await s.request('GET', `/v3/lists/${listId}/import-fields`);
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'List of acceptable import fields.');
    assert.equal(r.body.data.length, 16);
    assert.deepEqual(r.body.data[0], { field: 'phone', label: 'Phone', _contact_field: 'phone_number' });
    assert.ok(r.body.data.some((f: any) => f.field === 'custom_4'));
    const text = csvText([[localMobile(14), '0298765432', 'x']]);
    const { contacts } = await importFile(encode.utf8(text), ['PHONE_NUMBER', 'Fax', '']);
    assert.deepEqual([contacts[0]!.phone_number, contacts[0]!.fax_number, contacts[0]!.custom_1], [e164Mobile(14), '+61298765432', null]);
  });

  it('refuses a bad field_order or file_url with a 400 naming it', async () => {
    const listId = await createList(s, 'refusals');
    const url = await uploadCsv(s, encode.utf8('0412000000\n'));
    const cases: Array<[unknown, RegExp]> = [
      [{ file_url: url, field_order: ['phone', 'shoe_size'] }, /field_order\[1\] "shoe_size" is not a contact field; use one of phone, first_name/],
      [{ file_url: url, field_order: ['phone', 'phone_number'] }, /field_order\[1\] "phone_number" maps phone_number again \(field_order\[0\] already does\)/],
      [{ file_url: url, field_order: ['first_name', 'last_name'] }, /maps none of phone, email, fax or address_line_1/],
      [{ file_url: url, field_order: [] }, /field_order/],
      [{ file_url: url }, /field_order/],
      [{ file_url: 'not a url', field_order: ['phone'] }, /file_url "not a url" is not a valid absolute URL/],
      [{ file_url: 'ftp://example.com/a.csv', field_order: ['phone'] }, /file_url must be an http or https URL/],
      [
        { file_url: `${s.origin}/files/00000000-0000-0000-0000-000000000000.csv`, field_order: ['phone'] },
        /file_url points at 00000000-0000-0000-0000-000000000000.csv on this server, which does not exist/,
      ],
    ];
    for (const [body, message] of cases) {
      const r = await s.request('POST', `/v3/lists/${listId}/import`, { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.response_code, 'BAD_REQUEST');
      assert.match(r.body.response_msg, message);
    }
    assert.equal(await s.dbh.db.selectFrom('contact_imports').select('id').where('list_id', '=', listId).executeTakeFirst(), undefined, 'nothing queued');
  });

  it("answers 404 for another account's list on every import route, and 403 without access_contacts", async () => {
    const other = await s.createAccount('importother');
    const theirs = await createList(s, 'theirs', other);
    const url = await uploadCsv(s, encode.utf8(`${localMobile(15)}\n`));
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/v3/lists/${theirs}/import-fields`],
      ['POST', `/v3/lists/${theirs}/import-csv-preview`, { file_url: url }],
      ['POST', `/v3/lists/${theirs}/import`, { file_url: url, field_order: ['phone'] }],
    ];
    for (const [method, path, body] of routes) {
      const r = await s.request(method, path, body ? { body } : {});
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.body.response_code, 'NOT_FOUND');
    }
    assert.equal((await storedContacts(s, theirs)).length, 0);

    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'no-contacts-import', password: 'password-123', email: 'nci@example.com', phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_contacts: 0 },
    });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const without = { username: 'no-contacts-import', apiKey: sub.body.data.api_key as string };
    const mine = await createList(s, 'mine');
    for (const [method, path, body] of routes.map(([m, p, b]) => [m, p.replace(String(theirs), String(mine)), b] as const)) {
      const r = await s.request(method, path, { as: without, ...(body ? { body } : {}) });
      assert.equal(r.status, 403, `${method} ${path}`);
    }
    const upload = await s.request('POST', '/v3/uploads?convert=csv', { as: without, body: { content: Buffer.from('x\n').toString('base64') } });
    assert.equal(upload.status, 403);
    assert.match(upload.body.response_msg, /convert=csv needs access_contacts/);
  });
});
