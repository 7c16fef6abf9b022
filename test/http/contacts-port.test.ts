import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addContact, newList } from '../helpers/contacts.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** ContactListPort (`contactLists`): what a list send, a campaign and an inbound STOP use, over the real database. */
describe('contacts: the list port every channel uses', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('counts a list and pages it by contact_id after a cursor; another list id is null', async () => {
    const port = s.services.contactLists;
    const l = await newList(s, 'Port');
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push((await addContact(s, l.list_id, { phone_number: `+6141100000${i}`, first_name: `N${i}`, custom_4: 'c4' })).contact_id);
    assert.equal(await port.count(s.owner.accountId, l.list_id), 7);
    const first = await port.page(s.owner.accountId, l.list_id, 0, 3);
    assert.deepEqual(
      first!.map((c) => c.contact_id),
      ids.slice(0, 3),
    );
    assert.deepEqual(first![0], {
      contact_id: ids[0],
      list_id: l.list_id,
      phone_number: '+61411000000',
      email: null,
      fax_number: null,
      first_name: 'N0',
      last_name: null,
      organization_name: null,
      address_line_1: null,
      address_line_2: null,
      address_city: null,
      address_state: null,
      address_postal_code: null,
      address_country: null,
      custom_1: null,
      custom_2: null,
      custom_3: null,
      custom_4: 'c4',
    });
    const rest = await port.page(s.owner.accountId, l.list_id, ids[2]!, 100);
    assert.deepEqual(
      rest!.map((c) => c.contact_id),
      ids.slice(3),
    );
    assert.deepEqual(await port.page(s.owner.accountId, l.list_id, ids[6]!, 100), []);
    assert.equal(await port.count(s.owner.accountId, 999_999), null);
    assert.equal(await port.page(s.owner.accountId, 999_999, 0, 10), null);
    assert.equal(await port.count(s.owner.accountId, (await newList(s, 'Empty')).list_id), 0);
  });

  it('optOut creates "Opt-Out List" once, adds each address once; optedOut finds numbers and e-mails (ignoring case) in any opt-out list', async () => {
    const acct = await s.createAccount('port-optout');
    const port = s.services.contactLists;
    const db = s.dbh.db;
    assert.deepEqual([...(await port.optedOut(db, acct.accountId, ['+61411111111', 'a@b.com']))], []);
    await port.optOut(db, acct.accountId, '+61411111111', 1_900_000_000);
    await port.optOut(db, acct.accountId, '+61411111111', 1_900_000_001);
    await port.optOut(db, acct.accountId, 'Someone@Example.com', 1_900_000_002);
    await port.optOut(db, acct.accountId, 'someone@example.com', 1_900_000_003);
    const lists = (await s.request('GET', '/v3/lists', { as: acct })).body.data.data;
    assert.equal(lists.length, 1);
    assert.equal(lists[0].list_name, 'Opt-Out List');
    assert.equal(lists[0]._opt_out, 1);
    assert.equal(lists[0]._contacts_count, 2, 'a repeat does nothing');
    const stored = (await s.request('GET', `/v3/lists/${lists[0].list_id}/contacts`, { as: acct })).body.data.data;
    assert.deepEqual(
      stored.map((c: any) => [c.phone_number, c.email, c.date_added]),
      [
        ['+61411111111', null, '1900000000'],
        [null, 'Someone@Example.com', '1900000002'],
      ],
    );

    // A second opt-out list made by hand counts too; a plain list does not.
    const manual = await newList(s, 'Unsubscribed', acct, { _opt_out: true });
    await addContact(s, manual.list_id, { phone_number: '+61422222222' }, acct);
    const plain = await newList(s, 'Plain', acct);
    await addContact(s, plain.list_id, { phone_number: '+61433333333' }, acct);
    const found = await port.optedOut(db, acct.accountId, ['+61411111111', '+61422222222', '+61433333333', 'SOMEONE@example.COM', 'other@example.com']);
    assert.deepEqual([...found].sort(), ['+61411111111', '+61422222222', 'SOMEONE@example.COM']);

    // STOP adds to the first opt-out list.
    await port.optOut(db, acct.accountId, '+61444444444', 1_900_000_004);
    assert.equal((await s.request('GET', `/v3/lists/${lists[0].list_id}`, { as: acct })).body.data._contacts_count, 3);
    assert.equal((await s.request('GET', `/v3/lists/${manual.list_id}`, { as: acct })).body.data._contacts_count, 1);
  });

  it('optOut and optedOut run inside a caller transaction', async () => {
    const acct = await s.createAccount('port-trx');
    const port = s.services.contactLists;
    await s.dbh.db.transaction().execute(async (trx) => {
      await port.optOut(trx, acct.accountId, '+61455555555', 1_900_000_000);
      assert.deepEqual([...(await port.optedOut(trx, acct.accountId, ['+61455555555']))], ['+61455555555']);
    });
    assert.deepEqual([...(await port.optedOut(s.dbh.db, acct.accountId, ['+61455555555']))], ['+61455555555']);
  });
});
