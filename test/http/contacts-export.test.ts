import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { addContact, newList } from '../helpers/contacts.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('contacts: list export', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('answers a URL under PUBLIC_URL/files to a CSV of every contact, formulas neutralised', async () => {
    const l = await newList(s, 'Export');
    const a = await addContact(s, l.list_id, {
      phone_number: '+61411111111',
      first_name: '=HYPERLINK("http://evil","x")',
      last_name: 'Diaz, "Jr"',
      email: 'ellen@diaz.com',
      custom_1: '@SUM(A1)',
      custom_2: '-12.50',
      address_line_1: 'line one\nline two',
    });
    const b = await addContact(s, l.list_id, { email: 'second@example.com', organization_name: '+cmd|calc' });
    const other = await newList(s, 'Other');
    await addContact(s, other.list_id, { email: 'not-exported@example.com' });

    const r = await s.request('GET', `/v3/lists/${l.list_id}/export?filename=my%20contacts.csv`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Download your file here.');
    assert.deepEqual(Object.keys(r.body.data), ['url']);
    const url = new URL(r.body.data.url);
    assert.equal(url.origin, s.origin);
    assert.match(url.pathname, /^\/files\/[0-9A-F-]{36}\.csv$/);
    assert.equal(url.searchParams.get('filename'), 'my contacts.csv');

    const res = await fetch(r.body.data.url);
    assert.equal(res.status, 200);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.length, 2);
    assert.deepEqual(Object.keys(rows[0]!), [
      'phone_number',
      'first_name',
      'last_name',
      'email',
      'fax_number',
      'organization_name',
      'address_line_1',
      'address_line_2',
      'address_city',
      'address_state',
      'address_postal_code',
      'address_country',
      'custom_1',
      'custom_2',
      'custom_3',
      'custom_4',
      'contact_id',
      'list_id',
      'date_added',
      'date_updated',
    ]);
    const [ra, rb] = rows as [Record<string, string>, Record<string, string>];
    assert.equal(ra.contact_id, String(a.contact_id));
    assert.equal(ra.phone_number, '+61411111111', 'a phone number is a plain number, left as it is');
    assert.equal(ra.first_name, `'=HYPERLINK("http://evil","x")`);
    assert.equal(ra.last_name, 'Diaz, "Jr"');
    assert.equal(ra.custom_1, "'@SUM(A1)");
    assert.equal(ra.custom_2, '-12.50');
    assert.equal(ra.address_line_1, 'line one\nline two');
    assert.equal(ra.date_added, a.date_added);
    assert.equal(rb.contact_id, String(b.contact_id));
    assert.equal(rb.organization_name, "'+cmd|calc");
    assert.equal(rb.phone_number, '');
  });

  it('exports a list larger than one read batch (1,000), every contact once, in contact_id order', async () => {
    const l = await newList(s, 'Big export');
    const repo = s.services.contactsRepository;
    const now = Math.floor(Date.now() / 1000);
    const n = 12_345;
    for (let start = 0; start < n; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - start) }, (_, k) => ({
        account_id: s.owner.accountId,
        list_id: l.list_id,
        ...Object.fromEntries(
          [
            'phone_number',
            'email',
            'fax_number',
            'first_name',
            'last_name',
            'organization_name',
            'address_line_1',
            'address_line_2',
            'address_city',
            'address_state',
            'address_postal_code',
            'address_country',
            'custom_1',
            'custom_2',
            'custom_3',
            'custom_4',
          ].map((f) => [f, null]),
        ),
        email: `u${start + k}@example.com`,
        created_at: now,
        updated_at: now,
      }));
      await repo.db.insertInto('contacts').values(rows).execute();
    }
    const r = await s.request('GET', `/v3/lists/${l.list_id}/export?filename=big.csv`);
    const rows = parse(await (await fetch(r.body.data.url)).text(), { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.length, n);
    assert.deepEqual(
      rows.map((x) => x.email),
      Array.from({ length: n }, (_, i) => `u${i}@example.com`),
    );
    const ids = rows.map((x) => Number(x.contact_id));
    assert.ok(
      ids.every((id, i) => i === 0 || id > ids[i - 1]!),
      'contact_id order',
    );
  });

  it('needs a filename and the account own list', async () => {
    const l = await newList(s, 'Needs filename');
    const r = await s.request('GET', `/v3/lists/${l.list_id}/export`);
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, /filename/);
    assert.equal((await s.request('GET', '/v3/lists/999999/export?filename=x.csv')).status, 404);
  });
});
