import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addContact, newList } from '../helpers/contacts.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * The matching rules: contacts whose "first last" name, last name or e-mail starts with q (ignoring case), or
 * whose phone number starts with q read as a number (international, or national in the account's country);
 * lists whose name contains q. Nothing matches in the middle of a contact's name, e-mail or number.
 */
describe('contacts: search and suggestions', () => {
  let s: TestServer;
  const ids: Record<string, number> = {};
  let customers: number;
  before(async () => {
    s = await startServer();
    customers = (await newList(s, 'Customers')).list_id;
    const vip = (await newList(s, 'VIP customers')).list_id;
    ids.ellen = (await addContact(s, customers, { first_name: 'Ellen', last_name: 'Diaz', phone_number: '0411 222 333', email: 'ellen@diaz.com' })).contact_id;
    ids.gorne = (await addContact(s, customers, { last_name: 'Gorne', phone_number: '+16783270696' })).contact_id;
    ids.emile = (await addContact(s, vip, { first_name: 'Émile', last_name: 'Zola', email: 'EMILE@Zola.fr' })).contact_id;
    ids.org = (await addContact(s, vip, { organization_name: 'Acme', email: 'sales@acme.com' })).contact_id;
  });
  after(() => s.close());

  const search = async (q: string, extra = '') => {
    const r = await s.request('GET', `/v3/search/contacts-lists?q=${encodeURIComponent(q)}${extra}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const contactIds = async (q: string) => (await search(q)).data.data.filter((x: any) => x.type === 'contact').map((x: any) => x.id);

  it('answers the documented item shape for contacts and lists', async () => {
    const body = await search('gorne');
    assert.equal(body.response_msg, 'Here are some search result.');
    assert.equal(body.data.total, 1);
    assert.deepEqual(body.data.data, [{ contact: '+16783270696', contacts_count: null, id: ids.gorne, name: 'Gorne', type: 'contact' }]);
    const lists = await search('customers');
    assert.deepEqual(lists.data.data, [
      { contact: null, contacts_count: 2, id: customers, name: 'Customers', type: 'list' },
      { contact: null, contacts_count: 2, id: lists.data.data[1].id, name: 'VIP customers', type: 'list' },
    ]);
  });

  it('matches the start of a first name, a full name, a last name, ignoring case', async () => {
    assert.deepEqual(await contactIds('ell'), [ids.ellen]);
    assert.deepEqual(await contactIds('ELLEN D'), [ids.ellen]);
    assert.deepEqual(await contactIds('diaz'), [ids.ellen], 'the surname (once, though the e-mail holds it too)');
    assert.deepEqual(await contactIds('émile'), [ids.emile]);
    assert.deepEqual(await contactIds('zol'), [ids.emile]);
    assert.deepEqual(await contactIds('llen'), [], 'not in the middle of a name');
    assert.deepEqual(await contactIds('ellen x'), []);
  });

  it('matches the start of an e-mail, ignoring case', async () => {
    assert.deepEqual(await contactIds('emile@'), [ids.emile]);
    assert.deepEqual(await contactIds('SALES@ACME'), [ids.org]);
    assert.deepEqual(await contactIds('acme.com'), [], 'not the domain alone');
  });

  it('matches the start of a number: international, with 00, or national in the account country', async () => {
    for (const q of ['+61411', '61411 2', '0061 411', '0411 222', '0411-222-333', '+61 411 222 333']) assert.deepEqual(await contactIds(q), [ids.ellen], q);
    assert.deepEqual(await contactIds('+1678'), [ids.gorne]);
    assert.deepEqual(await contactIds('222 333'), [], 'not the middle of a number');
  });

  it('requires q and pages the results', async () => {
    for (const q of ['', '%20%20']) {
      const r = await s.request('GET', `/v3/search/contacts-lists?q=${q}`);
      assert.equal(r.status, 400, q);
      assert.match(r.body.response_msg, /\bq\b/);
    }
    const none = await s.request('GET', '/v3/search/contacts-lists');
    assert.equal(none.status, 400);
    assert.match(none.body.response_msg, /\bq\b/);

    const l = (await newList(s, 'Paging')).list_id;
    for (let i = 0; i < 20; i++) await addContact(s, l, { first_name: `Pat${String(i).padStart(2, '0')}`, email: `pat${i}@example.com` });
    const p1 = await search('pat');
    assert.equal(p1.data.total, 20);
    assert.equal(p1.data.data.length, 15);
    assert.equal(p1.data.last_page, 2);
    const p2 = await search('pat', '&page=2');
    assert.equal(p2.data.data.length, 5);
    const all = [...p1.data.data, ...p2.data.data].map((x: any) => x.name);
    assert.deepEqual(
      all,
      Array.from({ length: 20 }, (_, i) => `Pat${String(i).padStart(2, '0')}`),
      'names in order, each once (the e-mail match is the same contact)',
    );
  });

  it('suggests contacts for a compose box as contact records with their list name, limited', async () => {
    const r = await s.request('GET', '/v3/contact-suggestions?q=ell');
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Here are your results.');
    assert.ok(Array.isArray(r.body.data), 'a plain array');
    assert.equal(r.body.data.length, 1);
    assert.equal(r.body.data[0].contact_id, ids.ellen);
    assert.equal(r.body.data[0]._list_name, 'Customers');
    assert.equal(r.body.data[0].phone_number, '+61411222333');
    const byNumber = await s.request('GET', '/v3/contact-suggestions?q=0411');
    assert.deepEqual(
      byNumber.body.data.map((c: any) => c.contact_id),
      [ids.ellen],
    );
    const limited = await s.request('GET', '/v3/contact-suggestions?q=pat&limit=3');
    assert.equal(limited.body.data.length, 3);
    const dflt = await s.request('GET', '/v3/contact-suggestions?q=pat');
    assert.equal(dflt.body.data.length, 10);
    assert.equal((await s.request('GET', '/v3/contact-suggestions?q=pat&limit=51')).status, 400);
    assert.equal((await s.request('GET', '/v3/contact-suggestions')).status, 400);
  });

  it("never finds another account's contacts or lists", async () => {
    const intruder = await s.createAccount('search-intruder');
    for (const path of ['/v3/search/contacts-lists?q=ell', '/v3/search/contacts-lists?q=customers', '/v3/search/contacts-lists?q=%2B61411']) {
      const r = await s.request('GET', path, { as: intruder });
      assert.equal(r.status, 200);
      assert.equal(r.body.data.total, 0, path);
    }
    assert.deepEqual((await s.request('GET', '/v3/contact-suggestions?q=ell', { as: intruder })).body.data, []);
  });
});
