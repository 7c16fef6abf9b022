import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addContact, newList } from '../helpers/contacts.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * A second account's credentials, swept over every contacts route that names an id: 404 for the first account's
 * lists and contacts (also when the intruder names its own list on the other side of a copy, transfer or
 * opt-out removal); its lists, search and suggestions show nothing of them; and the victim's data is unchanged.
 */
describe('contacts tenancy', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it("a second account gets 404 for every route naming the first account's ids, and changes nothing", async () => {
    const victim = await newList(s, 'Victim list');
    const victim2 = await newList(s, 'Victim opt-outs', undefined, { _opt_out: 1 });
    const c = await addContact(s, victim.list_id, { phone_number: '+61411111111', first_name: 'Secret', email: 'secret@victim.com' });
    await addContact(s, victim.list_id, { phone_number: '+61411111111', first_name: 'Duplicate' });
    await addContact(s, victim2.list_id, { phone_number: '+61411111111' });
    const intruder = await s.createAccount('contacts-intruder');
    const mine = await newList(s, 'Intruder list', intruder);
    const myContact = await addContact(s, mine.list_id, { phone_number: '+61422222222' }, intruder);

    const V = victim.list_id;
    const M = mine.list_id;
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/v3/lists/${V}`],
      ['PUT', `/v3/lists/${V}`, { list_name: 'owned' }],
      ['DELETE', `/v3/lists/${V}`],
      ['GET', `/v3/lists/${V}/contacts`],
      ['POST', `/v3/lists/${V}/contacts`, { phone_number: '+61433333333' }],
      ['GET', `/v3/lists/${V}/contacts/${c.contact_id}`],
      ['PUT', `/v3/lists/${V}/contacts/${c.contact_id}`, { first_name: 'owned' }],
      ['DELETE', `/v3/lists/${V}/contacts/${c.contact_id}`],
      // The victim's contact through the intruder's own list id.
      ['GET', `/v3/lists/${M}/contacts/${c.contact_id}`],
      ['PUT', `/v3/lists/${M}/contacts/${c.contact_id}`, { first_name: 'owned' }],
      ['DELETE', `/v3/lists/${M}/contacts/${c.contact_id}`],
      ['PUT', `/v3/lists/${V}/contacts/${c.contact_id}/copy/${M}`],
      ['PUT', `/v3/lists/${M}/contacts/${c.contact_id}/copy/${M}`],
      ['PUT', `/v3/lists/${M}/contacts/${myContact.contact_id}/copy/${V}`],
      ['PUT', `/v3/lists/${V}/contacts/${c.contact_id}/transfer/${M}`],
      ['PUT', `/v3/lists/${M}/contacts/${myContact.contact_id}/transfer/${V}`],
      ['PUT', `/v3/lists/${V}/contacts/${c.contact_id}/${M}`],
      ['PUT', `/v3/lists/${M}/contacts/${myContact.contact_id}/${V}`],
      ['PUT', `/v3/lists/${V}/remove-duplicates`, {}],
      ['PUT', `/v3/lists/${V}/remove-opted-out-contacts/${victim2.list_id}`],
      ['PUT', `/v3/lists/${V}/remove-opted-out-contacts/${M}`],
      ['PUT', `/v3/lists/${M}/remove-opted-out-contacts/${victim2.list_id}`],
      ['GET', `/v3/lists/${V}/export?filename=x.csv`],
    ];
    for (const [method, path, body] of attempts) {
      const r = await s.request(method, path, { as: intruder, ...(body ? { body } : {}) });
      assert.deepEqual([r.status, r.body.response_code], [404, 'NOT_FOUND'], `${method} ${path}`);
    }

    // Nothing of the victim's shows in the intruder's lists, search or suggestions.
    const lists = await s.request('GET', '/v3/lists', { as: intruder });
    assert.deepEqual(
      lists.body.data.data.map((l: any) => l.list_id),
      [M],
    );
    assert.equal((await s.request('GET', '/v3/lists?q=list_name:victim', { as: intruder })).body.data.total, 0);
    for (const q of ['secret', 'victim', '%2B61411', '0411', 'secret@']) {
      assert.equal((await s.request('GET', `/v3/search/contacts-lists?q=${q}`, { as: intruder })).body.data.total, 0, q);
      assert.deepEqual((await s.request('GET', `/v3/contact-suggestions?q=${q}`, { as: intruder })).body.data, [], q);
    }
    // The port a list send uses: the victim's list reads as no list; its opt-outs are not the intruder's.
    const port = s.services.contactLists;
    assert.equal(await port.count(intruder.accountId, V), null);
    assert.equal(await port.page(intruder.accountId, V, 0, 10), null);
    assert.deepEqual([...(await port.optedOut(s.dbh.db, intruder.accountId, ['+61411111111']))], []);

    // The victim's data is as it was.
    assert.equal((await s.request('GET', `/v3/lists/${V}`)).body.data.list_name, 'Victim list');
    const left = (await s.request('GET', `/v3/lists/${V}/contacts`)).body.data;
    assert.equal(left.total, 2);
    assert.equal(left.data[0].first_name, 'Secret');
    assert.equal((await s.request('GET', `/v3/lists/${victim2.list_id}`)).body.data._contacts_count, 1);
    assert.equal((await s.request('GET', `/v3/lists/${M}`, { as: intruder })).body.data._contacts_count, 1, 'no copy reached the intruder');
  });
});
