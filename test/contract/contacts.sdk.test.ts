import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

const list = (listName: string) => Object.assign(new clicksend.ContactList(), { listName });
const contact = (fields: Partial<InstanceType<typeof clicksend.Contact>>) => Object.assign(new clicksend.Contact(), fields);

/** ContactListApi, ContactApi and SearchApi of the official SDK (clicksend 5.1.7) against a real server. */
describe('ContactListApi, ContactApi, SearchApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('creates, gets, renames, lists and deletes a list with the documented shapes and messages', async () => {
    const api = sdk(s, 'ContactListApi');
    const created = await call(api.listsPost(list('SDK list')));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_code, 'SUCCESS');
    assert.equal(created.body.response_msg, 'New list has been created.');
    const l = created.body.data;
    assert.deepEqual(Object.keys(l).sort(), ['_contacts_count', '_opt_out', 'list_email_id', 'list_id', 'list_name']);
    assert.equal(l.list_name, 'SDK list');

    const got = await call(api.listsByListIdGet(l.list_id));
    assert.equal(got.body.response_msg, 'Here are your data.');
    assert.deepEqual(got.body.data, l);

    const renamed = await call(api.listsByListIdPut(l.list_id, list('Renamed')));
    assert.equal(renamed.body.response_msg, `List #${l.list_id} has been updated.`);
    assert.equal(renamed.body.data.list_name, 'Renamed');

    const page = await call(api.listsGet(1, 15));
    assert.equal(page.body.response_msg, 'Here are your data.');
    assert.equal(page.body.data.total, 1);
    assert.equal(page.body.data.per_page, 15);
    assert.deepEqual(page.body.data.data, [renamed.body.data]);

    const deleted = await call(api.listsByListIdDelete(l.list_id));
    assert.equal(deleted.body.response_msg, `List #${l.list_id} has been deleted.`);
    assert.deepEqual(deleted.body.data, []);
    const gone = await call(api.listsByListIdGet(l.list_id));
    assert.equal(gone.status, 404);
    assert.equal(gone.body.response_code, 'NOT_FOUND');
  });

  it('manages contacts: create, get, page, update, copy, transfer, delete', async () => {
    const lists = sdk(s, 'ContactListApi');
    const api = sdk(s, 'ContactApi');
    const a = (await call(lists.listsPost(list('A')))).body.data.list_id;
    const b = (await call(lists.listsPost(list('B')))).body.data.list_id;

    const created = await call(
      api.listsContactsByListIdPost(contact({ phoneNumber: '+16783270696', firstName: 'Ellen', lastName: 'Diaz', email: 'ellen@diaz.com', custom1: 'Custom 1', addressCountry: 'US' }), a),
    );
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_msg, 'New contact has been created.');
    const c = created.body.data;
    assert.equal(c.phone_number, '+16783270696');
    assert.equal(c.custom_1, 'Custom 1');
    assert.equal(c.custom_2, '');
    assert.equal(c.address_line_1, null);
    assert.equal(typeof c.date_added, 'string');
    assert.equal(c._list_name, 'A');

    // The SDK marks phone_number and custom_1 required; the docs say one of phone, e-mail or fax is enough.
    const emailOnly = await call(api.listsContactsByListIdPost(contact({ email: 'only@example.com' }), a));
    assert.equal(emailOnly.status, 200, JSON.stringify(emailOnly.body));

    assert.deepEqual((await call(api.listsContactsByListIdAndContactIdGet(a, c.contact_id))).body.data, c);
    const page = await call(api.listsContactsByListIdGet(a, 1, 15));
    assert.equal(page.body.response_msg, 'Here are your data.');
    assert.equal(page.body.data.total, 2);
    const after = await call(api.listsContactsByListIdGet(a, 1, 15, Number(c.date_added) + 3600));
    assert.equal(after.body.data.total, 0, 'updated_after');

    const updated = await call(api.listsContactsByListIdAndContactIdPut(a, c.contact_id, contact({ phoneNumber: '+16783275492', custom1: 'Custom S' })));
    assert.equal(updated.body.response_msg, `Contact #${c.contact_id} has been updated.`);
    assert.equal(updated.body.data.phone_number, '+16783275492');
    assert.equal(updated.body.data.first_name, 'Ellen', 'fields not sent are kept');

    const copied = await call(api.listsCopyContactPut(a, c.contact_id, b));
    assert.equal(copied.status, 200);
    assert.equal(copied.body.data.list_id, b);
    const moved = await call(api.listsTransferContactPut(a, c.contact_id, b));
    assert.equal(moved.body.response_msg, `Contact #${c.contact_id} has been transferred to List #${b}`);
    assert.equal(moved.body.data.list_id, b);

    const deleted = await call(api.listsContactsByListIdAndContactIdDelete(b, c.contact_id));
    assert.equal(deleted.body.response_msg, `Contact #${c.contact_id} has been deleted.`);
    assert.deepEqual(deleted.body.data, []);
  });

  it('refuses a bad phone number with 400 naming the field', async () => {
    const a = (await call(sdk(s, 'ContactListApi').listsPost(list('Bad')))).body.data.list_id;
    const r = await call(sdk(s, 'ContactApi').listsContactsByListIdPost(contact({ phoneNumber: 'not a number' }), a));
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /phone_number/);
  });

  it('removes duplicates and opted-out contacts with the documented answers', async () => {
    const lists = sdk(s, 'ContactListApi');
    const api = sdk(s, 'ContactApi');
    const l = (await call(lists.listsPost(list('Dupes')))).body.data.list_id;
    const optOut = (await call(lists.listsPost(list('Opt-outs')))).body.data.list_id;
    for (const phoneNumber of ['+61411111111', '+61411111111', '+61422222222', '+61433333333']) await call(api.listsContactsByListIdPost(contact({ phoneNumber }), l));
    await call(api.listsContactsByListIdPost(contact({ phoneNumber: '+61422222222' }), optOut));

    const fields = Object.assign(new clicksend.Fields(), { fields: Object.assign(new clicksend.FieldsFields(), { phoneNumber: '1' }) });
    const dupes = await call(lists.listsRemoveDuplicatesByListIdPut(l, fields));
    assert.equal(dupes.status, 200, JSON.stringify(dupes.body));
    assert.equal(dupes.body.response_msg, 'Your list duplicate contacts has been deleted.');
    assert.deepEqual(dupes.body.data, { deleted: 1 });

    const opted = await call(api.listsRemoveOptedOutContactsByListIdAndOptOutListIdPut(l, optOut));
    assert.equal(opted.body.response_msg, 'Optout contacts has been deleted.');
    assert.deepEqual(opted.body.data, { deleted: 1 });
    assert.equal((await call(lists.listsByListIdGet(l))).body.data._contacts_count, 2);
  });

  it('searches lists and contacts (SearchApi) with the documented item shape; q is required', async () => {
    const lists = sdk(s, 'ContactListApi');
    const l = (await call(lists.listsPost(list('Gorne family')))).body.data.list_id;
    const c = (await call(sdk(s, 'ContactApi').listsContactsByListIdPost(contact({ phoneNumber: '+16783270696', lastName: 'Gorne' }), l))).body.data;
    const r = await call(sdk(s, 'SearchApi').searchContactsListsGet('gorne', 1, 15));
    assert.equal(r.status, 200);
    assert.equal(r.body.response_msg, 'Here are some search result.');
    assert.equal(r.body.data.total, 2);
    assert.deepEqual(r.body.data.data, [
      { contact: null, contacts_count: 1, id: l, name: 'Gorne family', type: 'list' },
      { contact: '+16783270696', contacts_count: null, id: c.contact_id, name: 'Gorne', type: 'contact' },
    ]);
    const empty = await call(sdk(s, 'SearchApi').searchContactsListsGet(''));
    assert.equal(empty.status, 400);
  });

  it('a subaccount without access_contacts gets 403', async () => {
    const sub = await call(
      sdk(s, 'SubaccountApi').subaccountsPost(
        Object.assign(new clicksend.Subaccount(), {
          apiUsername: 'sdk-no-contacts',
          password: 'password-123',
          email: 'x@example.com',
          phoneNumber: '+61411111111',
          firstName: 'A',
          lastName: 'B',
          accessContacts: 0,
        }),
      ),
    );
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const who = { username: 'sdk-no-contacts', apiKey: sub.body.data.api_key };
    const r = await call(sdk(s, 'ContactListApi', who).listsGet());
    assert.equal(r.status, 403);
    assert.equal(r.body.response_code, 'FORBIDDEN');
  });
});
