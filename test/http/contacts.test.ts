import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addContact, contactsSubaccount, newList } from '../helpers/contacts.js';
import { startServer, type TestServer } from '../helpers/server.js';

const CONTACT_KEYS = [
  '_list_name',
  'address_city',
  'address_country',
  'address_line_1',
  'address_line_2',
  'address_postal_code',
  'address_state',
  'contact_id',
  'custom_1',
  'custom_2',
  'custom_3',
  'custom_4',
  'date_added',
  'date_updated',
  'email',
  'fax_number',
  'first_name',
  'last_name',
  'list_id',
  'organization_name',
  'phone_number',
];

describe('contacts: lists and contacts over HTTP', () => {
  let s: TestServer;
  let t = Date.UTC(2030, 0, 1);
  const clock = { nowMs: () => t };
  before(async () => {
    s = await startServer({ clock });
  });
  after(() => s.close());

  it('creates, gets, renames, lists and deletes a list with the documented shapes and messages', async () => {
    const created = await s.request('POST', '/v3/lists', { body: { list_name: 'Customers' } });
    assert.equal(created.status, 200);
    assert.equal(created.body.response_msg, 'New list has been created.');
    const l = created.body.data;
    assert.deepEqual(Object.keys(l).sort(), ['_contacts_count', '_opt_out', 'list_email_id', 'list_id', 'list_name']);
    assert.equal(l.list_name, 'Customers');
    assert.equal(l._contacts_count, 0);
    assert.equal(l._opt_out, 0);
    assert.match(l.list_email_id, /^[A-Z0-9]{16}$/);

    await addContact(s, l.list_id, { phone_number: '+61411111111' });
    const got = await s.request('GET', `/v3/lists/${l.list_id}`);
    assert.equal(got.body.response_msg, 'Here are your data.');
    assert.deepEqual(got.body.data, { ...l, _contacts_count: 1 });

    const renamed = await s.request('PUT', `/v3/lists/${l.list_id}`, { body: { list_name: 'Best customers' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.response_msg, `List #${l.list_id} has been updated.`);
    assert.deepEqual(renamed.body.data, { ...l, list_name: 'Best customers', _contacts_count: 1 });

    const page = await s.request('GET', '/v3/lists?q=list_name:best');
    assert.equal(page.body.response_msg, 'Here are your data.');
    assert.equal(page.body.data.total, 1);
    assert.deepEqual(page.body.data.data, [renamed.body.data]);

    const deleted = await s.request('DELETE', `/v3/lists/${l.list_id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.response_msg, `List #${l.list_id} has been deleted.`);
    assert.deepEqual(deleted.body.data, []);
    assert.equal((await s.request('GET', `/v3/lists/${l.list_id}`)).status, 404);
    assert.equal((await s.request('GET', `/v3/lists/${l.list_id}/contacts`)).status, 404, 'its contacts went with it');
  });

  it('pages GET /lists the ClickSend way and sorts by name on request', async () => {
    for (const n of ['Zeta', 'Alpha', 'Mid']) await newList(s, `paging ${n}`);
    const r = await s.request('GET', '/v3/lists?q=list_name:paging&order_by=list_name:asc&limit=15');
    assert.deepEqual(
      r.body.data.data.map((x: any) => x.list_name),
      ['paging Alpha', 'paging Mid', 'paging Zeta'],
    );
    assert.equal(r.body.data.per_page, 15);
    assert.equal(r.body.data.from, 1);
  });

  it('marks an opt-out list with _opt_out at creation or by PUT; a rename alone keeps it', async () => {
    assert.equal((await newList(s, 'Unsubscribed', undefined, { _opt_out: true }))._opt_out, 1);
    assert.equal((await newList(s, 'Unsubscribed 2', undefined, { _opt_out: 1 }))._opt_out, 1);
    const plain = await newList(s, 'Plain', undefined, { _opt_out: false });
    assert.equal(plain._opt_out, 0);
    const marked = await s.request('PUT', `/v3/lists/${plain.list_id}`, { body: { list_name: 'Now opt-out', _opt_out: true } });
    assert.equal(marked.body.data._opt_out, 1);
    const renamed = await s.request('PUT', `/v3/lists/${plain.list_id}`, { body: { list_name: 'Renamed only' } });
    assert.deepEqual([renamed.body.data.list_name, renamed.body.data._opt_out], ['Renamed only', 1], 'a rename keeps the flag');
    const unmarked = await s.request('PUT', `/v3/lists/${plain.list_id}`, { body: { list_name: 'Plain again', _opt_out: 0 } });
    assert.equal(unmarked.body.data._opt_out, 0);
  });

  it('refuses a list without a name with 400 naming list_name', async () => {
    for (const body of [{}, { list_name: '' }, { list_name: '   ' }]) {
      const r = await s.request('POST', '/v3/lists', { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.response_code, 'BAD_REQUEST');
      assert.match(r.body.response_msg, /list_name/);
    }
  });

  it('creates a contact as the documented example: E.164 numbers in the account country, "" custom fields, times as strings', async () => {
    const l = await newList(s, 'Shapes');
    const r = await s.request('POST', `/v3/lists/${l.list_id}/contacts`, {
      body: { phone_number: '0411 111 111', first_name: ' Ellen ', last_name: 'Diaz', fax_number: '(02) 9844 4214', custom_2: 'two' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'New contact has been created.');
    const c = r.body.data;
    assert.deepEqual(Object.keys(c), CONTACT_KEYS);
    assert.equal(c._list_name, 'Shapes');
    assert.equal(c.list_id, l.list_id);
    assert.equal(c.phone_number, '+61411111111');
    assert.equal(c.fax_number, '+61298444214');
    assert.equal(c.first_name, 'Ellen');
    assert.equal(c.custom_1, '');
    assert.equal(c.custom_2, 'two');
    assert.equal(c.email, null);
    assert.equal(c.address_line_1, null);
    assert.equal(c.date_added, String(Math.floor(t / 1000)));
    assert.equal(typeof c.contact_id, 'number');

    // A number in the contact's own country, and a US contact in an AU account.
    const us = await addContact(s, l.list_id, { phone_number: '(678) 327-0696', address_country: 'us' });
    assert.equal(us.phone_number, '+16783270696');
    assert.equal(us.address_country, 'US');

    const got = await s.request('GET', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`);
    assert.equal(got.body.response_msg, 'Here are your data.');
    assert.deepEqual(got.body.data, c);
  });

  it('refuses bad contacts with 400 naming the field', async () => {
    const l = await newList(s, 'Validation');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ phone_number: 'call me' }, /phone_number/],
      [{ phone_number: '123' }, /phone_number/],
      [{ fax_number: '+1 555' }, /fax_number/],
      [{ email: 'not-an-email' }, /email/],
      [{ phone_number: '+61411111111', address_country: 'XX' }, /address_country/],
      [{ first_name: 'Only a name' }, /phone_number, email, fax_number/],
      [{ phone_number: '+61411111111', first_name: 'x'.repeat(101) }, /first_name/],
      [{}, /at least one of/],
    ];
    for (const [body, msg] of cases) {
      const r = await s.request('POST', `/v3/lists/${l.list_id}/contacts`, { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.response_code, 'BAD_REQUEST');
      assert.match(r.body.response_msg, msg, JSON.stringify(body));
    }
    const bad = await s.request('POST', `/v3/lists/${l.list_id}/contacts`, { body: { phone_number: { n: 1 } } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /phone_number/);
    assert.equal((await s.request('GET', `/v3/lists/${l.list_id}`)).body.data._contacts_count, 0, 'nothing was stored');
    assert.equal((await s.request('POST', '/v3/lists/999999/contacts', { body: { phone_number: '+61411111111' } })).status, 404);
  });

  it('updates only the fields given, clears a field given as "", and keeps a contact reachable', async () => {
    const l = await newList(s, 'Updates');
    const c = await addContact(s, l.list_id, { phone_number: '+61411111111', email: 'ellen@diaz.com', first_name: 'Ellen', custom_1: 'keep' });
    t += 60_000;
    const r = await s.request('PUT', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`, { body: { last_name: 'Diaz', email: '' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, `Contact #${c.contact_id} has been updated.`);
    assert.deepEqual(r.body.data, { ...c, last_name: 'Diaz', email: null, date_updated: String(Math.floor(t / 1000)) });
    const stuck = await s.request('PUT', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`, { body: { phone_number: '' } });
    assert.equal(stuck.status, 400, 'no phone, e-mail, fax or address left');
    const badPhone = await s.request('PUT', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`, { body: { phone_number: '12' } });
    assert.equal(badPhone.status, 400);
    assert.match(badPhone.body.response_msg, /phone_number/);
    assert.equal((await s.request('PUT', `/v3/lists/${l.list_id}/contacts/999999`, { body: { first_name: 'x' } })).status, 404);
  });

  it('pages a list of contacts oldest first, and updated_after keeps only contacts changed after it', async () => {
    const l = await newList(s, 'Paging');
    const ids: number[] = [];
    for (let i = 0; i < 17; i++) ids.push((await addContact(s, l.list_id, { phone_number: `+6141100${String(i).padStart(4, '0')}` })).contact_id);
    const p1 = await s.request('GET', `/v3/lists/${l.list_id}/contacts`);
    assert.equal(p1.body.response_msg, 'Here are your data.');
    assert.equal(p1.body.data.total, 17);
    assert.equal(p1.body.data.last_page, 2);
    assert.deepEqual(
      p1.body.data.data.map((c: any) => c.contact_id),
      ids.slice(0, 15),
    );
    assert.match(p1.body.data.next_page_url, /page=2/);
    const p2 = await s.request('GET', `/v3/lists/${l.list_id}/contacts?page=2`);
    assert.deepEqual(
      p2.body.data.data.map((c: any) => c.contact_id),
      ids.slice(15),
    );

    const before = Math.floor(t / 1000);
    t += 5_000;
    await s.request('PUT', `/v3/lists/${l.list_id}/contacts/${ids[3]}`, { body: { first_name: 'Changed' } });
    const changed = await s.request('GET', `/v3/lists/${l.list_id}/contacts?updated_after=${before}`);
    assert.equal(changed.body.data.total, 1);
    assert.equal(changed.body.data.data[0].contact_id, ids[3]);
    assert.equal(changed.body.data.data[0].first_name, 'Changed');
  });

  it('deletes a contact with the documented message', async () => {
    const l = await newList(s, 'Deletes');
    const c = await addContact(s, l.list_id, { email: 'gone@example.com' });
    const r = await s.request('DELETE', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, `Contact #${c.contact_id} has been deleted.`);
    assert.deepEqual(r.body.data, []);
    assert.equal((await s.request('GET', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`)).status, 404);
    assert.equal((await s.request('DELETE', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`)).status, 404);
  });

  it('copies a contact (a new contact in the other list) and transfers one on both documented paths', async () => {
    const a = await newList(s, 'From');
    const b = await newList(s, 'To');
    const c = await addContact(s, a.list_id, { phone_number: '+61411111111', first_name: 'Copied', custom_3: 'x' });
    const copy = await s.request('PUT', `/v3/lists/${a.list_id}/contacts/${c.contact_id}/copy/${b.list_id}`);
    assert.equal(copy.status, 200, JSON.stringify(copy.body));
    assert.equal(copy.body.response_msg, `Contact #${c.contact_id} has been copied to List #${b.list_id}`);
    assert.notEqual(copy.body.data.contact_id, c.contact_id);
    assert.equal(copy.body.data.list_id, b.list_id);
    assert.equal(copy.body.data._list_name, 'To');
    assert.equal(copy.body.data.custom_3, 'x');
    assert.equal((await s.request('GET', `/v3/lists/${a.list_id}/contacts/${c.contact_id}`)).status, 200, 'the original stays');

    const moved = await s.request('PUT', `/v3/lists/${a.list_id}/contacts/${c.contact_id}/transfer/${b.list_id}`);
    assert.equal(moved.status, 200);
    assert.equal(moved.body.response_msg, `Contact #${c.contact_id} has been transferred to List #${b.list_id}`);
    assert.equal(moved.body.data.contact_id, c.contact_id);
    assert.equal(moved.body.data.list_id, b.list_id);
    assert.equal((await s.request('GET', `/v3/lists/${a.list_id}/contacts/${c.contact_id}`)).status, 404);
    assert.equal((await s.request('GET', `/v3/lists/${b.list_id}`)).body.data._contacts_count, 2);

    const back = await s.request('PUT', `/v3/lists/${b.list_id}/contacts/${c.contact_id}/${a.list_id}`);
    assert.equal(back.status, 200, 'the docs path without /transfer');
    assert.equal(back.body.data.list_id, a.list_id);
    assert.equal((await s.request('PUT', `/v3/lists/${a.list_id}/contacts/${c.contact_id}/transfer/999999`)).status, 404);
  });

  it('removes duplicates by phone, e-mail (ignoring case) or fax by default, keeping the oldest, and says how many', async () => {
    const l = await newList(s, 'Dupes');
    const first = await addContact(s, l.list_id, { phone_number: '+61411111111', email: 'a@example.com' });
    await addContact(s, l.list_id, { phone_number: '0411 111 111' }); // same number, typed locally
    await addContact(s, l.list_id, { email: 'A@Example.com' }); // same e-mail
    const faxOld = await addContact(s, l.list_id, { fax_number: '+61298444214' });
    await addContact(s, l.list_id, { fax_number: '+61298444214', first_name: 'dupe fax' });
    const other = await addContact(s, l.list_id, { phone_number: '+61422222222', first_name: 'Ellen' });
    const r = await s.request('PUT', `/v3/lists/${l.list_id}/remove-duplicates`, { body: {} });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Your list duplicate contacts has been deleted.');
    assert.deepEqual(r.body.data, { deleted: 3 });
    const left = (await s.request('GET', `/v3/lists/${l.list_id}/contacts`)).body.data.data.map((c: any) => c.contact_id);
    assert.deepEqual(left, [first.contact_id, faxOld.contact_id, other.contact_id]);
    assert.deepEqual((await s.request('PUT', `/v3/lists/${l.list_id}/remove-duplicates`)).body.data, { deleted: 0 }, 'a second run finds none');
  });

  it('removes duplicates on the fields the body selects only', async () => {
    const l = await newList(s, 'Dupes by name');
    await addContact(s, l.list_id, { phone_number: '+61411111111', first_name: 'Ellen' });
    await addContact(s, l.list_id, { phone_number: '+61411111111', first_name: 'Other' });
    await addContact(s, l.list_id, { phone_number: '+61422222222', first_name: 'Ellen' });
    const r = await s.request('PUT', `/v3/lists/${l.list_id}/remove-duplicates`, { body: { fields: { first_name: '1', phone_number: '0' } } });
    assert.deepEqual(r.body.data, { deleted: 1 });
    const left = (await s.request('GET', `/v3/lists/${l.list_id}/contacts`)).body.data.data.map((c: any) => c.first_name);
    assert.deepEqual(left, ['Ellen', 'Other']);
  });

  it('compares several selected fields together (namesakes go, people who only share a first name stay) and refuses an unknown field', async () => {
    const l = await newList(s, 'Dupes by full name');
    await addContact(s, l.list_id, { phone_number: '+61411111111', first_name: 'Ellen', last_name: 'Diaz' });
    await addContact(s, l.list_id, { phone_number: '+61422222222', first_name: 'Ellen', last_name: 'Ripley' });
    await addContact(s, l.list_id, { phone_number: '+61433333333', first_name: 'ellen', last_name: 'Diaz' });
    await addContact(s, l.list_id, { phone_number: '+61444444444', first_name: 'Ellen', last_name: 'Diaz' });
    const bad = await s.request('PUT', `/v3/lists/${l.list_id}/remove-duplicates`, { body: { fields: { first_nmae: true } } });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.match(bad.body.response_msg, /first_nmae/);
    const r = await s.request('PUT', `/v3/lists/${l.list_id}/remove-duplicates`, { body: { fields: { first_name: true, last_name: true } } });
    assert.deepEqual(r.body.data, { deleted: 1 });
    const left = (await s.request('GET', `/v3/lists/${l.list_id}/contacts`)).body.data.data.map((c: any) => c.phone_number);
    assert.deepEqual(left, ['+61411111111', '+61422222222', '+61433333333']);
  });

  it('removes the contacts that are in an opt-out list (by phone or e-mail) and says how many', async () => {
    const l = await newList(s, 'Campaign');
    const optOut = await newList(s, 'Opted out', undefined, { _opt_out: 1 });
    await addContact(s, optOut.list_id, { phone_number: '+61411111111' });
    await addContact(s, optOut.list_id, { email: 'STOP@example.com' });
    await addContact(s, l.list_id, { phone_number: '+61411111111', first_name: 'a' });
    await addContact(s, l.list_id, { email: 'stop@example.com', first_name: 'b' });
    const keep = await addContact(s, l.list_id, { phone_number: '+61422222222', email: 'keep@example.com', first_name: 'c' });
    const r = await s.request('PUT', `/v3/lists/${l.list_id}/remove-opted-out-contacts/${optOut.list_id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Optout contacts has been deleted.');
    assert.deepEqual(r.body.data, { deleted: 2 });
    assert.deepEqual(
      (await s.request('GET', `/v3/lists/${l.list_id}/contacts`)).body.data.data.map((c: any) => c.contact_id),
      [keep.contact_id],
    );
    assert.equal((await s.request('GET', `/v3/lists/${optOut.list_id}`)).body.data._contacts_count, 2, 'the opt-out list is untouched');
    assert.equal((await s.request('PUT', `/v3/lists/${l.list_id}/remove-opted-out-contacts/999999`)).status, 404);
  });

  it('removes duplicates and opted-out contacts across the chunks of a large list (5,000 contacts a statement)', async () => {
    const l = await newList(s, 'Large');
    const optOut = await newList(s, 'Large opt-outs', undefined, { _opt_out: 1 });
    const db = s.services.contactsRepository.db;
    const blank = Object.fromEntries(
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
    );
    const row = (listId: number, i: number, phone: string) => ({ ...blank, account_id: s.owner.accountId, list_id: listId, phone_number: phone, first_name: `n${i}`, created_at: 1, updated_at: 1 });
    // 12,000 contacts; the last 1,000 repeat the numbers of the first 1,000 (in another chunk); 300 numbers opted out.
    for (let start = 0; start < 12_000; start += 1000) {
      const rows = Array.from({ length: 1000 }, (_, k) => {
        const i = start + k;
        return row(l.list_id, i, `+6141${String(i < 11_000 ? i : i - 11_000).padStart(7, '0')}`);
      });
      await db.insertInto('contacts').values(rows).execute();
    }
    await db
      .insertInto('contacts')
      .values(Array.from({ length: 300 }, (_, k) => row(optOut.list_id, k, `+6141${String(5000 + k).padStart(7, '0')}`)))
      .execute();
    const dupes = await s.request('PUT', `/v3/lists/${l.list_id}/remove-duplicates`, { body: { fields: { phone_number: 'true' } } });
    assert.deepEqual(dupes.body.data, { deleted: 1000 });
    const first = await s.request('GET', `/v3/lists/${l.list_id}/contacts?limit=15`);
    assert.equal(first.body.data.total, 11_000);
    assert.equal(first.body.data.data[0].first_name, 'n0', 'the oldest of each number stays');
    const opted = await s.request('PUT', `/v3/lists/${l.list_id}/remove-opted-out-contacts/${optOut.list_id}`);
    assert.deepEqual(opted.body.data, { deleted: 300 });
    assert.equal((await s.request('GET', `/v3/lists/${l.list_id}`)).body.data._contacts_count, 10_700);
  });

  it('needs access_contacts: a subaccount without it gets 403 on every route; one with it shares the account lists', async () => {
    const l = await newList(s, 'Shared');
    const c = await addContact(s, l.list_id, { phone_number: '+61411111111' });
    const other = await newList(s, 'Shared 2');
    const without = await contactsSubaccount(s, 'no-contacts', 0);
    const withIt = await contactsSubaccount(s, 'contacts-user', 1);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v3/lists'],
      ['POST', '/v3/lists', { list_name: 'x' }],
      ['GET', `/v3/lists/${l.list_id}`],
      ['PUT', `/v3/lists/${l.list_id}`, { list_name: 'x' }],
      ['DELETE', `/v3/lists/${l.list_id}`],
      ['GET', `/v3/lists/${l.list_id}/contacts`],
      ['POST', `/v3/lists/${l.list_id}/contacts`, { phone_number: '+61411111111' }],
      ['GET', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`],
      ['PUT', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`, { first_name: 'x' }],
      ['DELETE', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`],
      ['PUT', `/v3/lists/${l.list_id}/contacts/${c.contact_id}/copy/${other.list_id}`],
      ['PUT', `/v3/lists/${l.list_id}/contacts/${c.contact_id}/transfer/${other.list_id}`],
      ['PUT', `/v3/lists/${l.list_id}/contacts/${c.contact_id}/${other.list_id}`],
      ['PUT', `/v3/lists/${l.list_id}/remove-duplicates`, {}],
      ['PUT', `/v3/lists/${l.list_id}/remove-opted-out-contacts/${other.list_id}`],
      ['GET', `/v3/lists/${l.list_id}/export?filename=x.csv`],
      ['GET', '/v3/search/contacts-lists?q=shared'],
      ['GET', '/v3/contact-suggestions?q=shared'],
    ];
    for (const [method, path, body] of routes) {
      const r = await s.request(method, path, { as: without, ...(body ? { body } : {}) });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.body.response_code, 'FORBIDDEN');
      assert.match(r.body.response_msg, /access_contacts/);
    }
    assert.equal((await s.request('GET', `/v3/lists/${l.list_id}`)).body.data._contacts_count, 1, 'nothing changed');
    const seen = await s.request('GET', `/v3/lists/${l.list_id}/contacts/${c.contact_id}`, { as: withIt });
    assert.equal(seen.status, 200);
    const made = await newList(s, 'By the subaccount', withIt);
    assert.equal((await s.request('GET', `/v3/lists/${made.list_id}`)).status, 200, 'the account owner sees it');
  });
});
