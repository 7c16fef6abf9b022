import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST_SMS_ENV, mobile } from '../helpers/sms.js';

/** list_id on smsSendPost / smsPricePost through the official `clicksend` SDK, with the list made by its ContactListApi and ContactApi. */
describe('SMSApi with listId (official SDK)', () => {
  let s: TestServer;

  before(async () => {
    s = await startServer({ env: { ...FAST_SMS_ENV } });
  });
  after(() => s.close());

  it('sends one personalised message per list contact, each with contact_id and list_id, and prices them the same', async () => {
    const lists = sdk(s, 'ContactListApi');
    const contacts = sdk(s, 'ContactApi');
    const sms = sdk(s, 'SMSApi');
    const list = await call(lists.listsPost(Object.assign(new clicksend.ContactList(), { listName: 'SDK list' })));
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const listId = list.body.data.list_id as number;
    const ids: number[] = [];
    for (const [phoneNumber, firstName] of [
      ['+61411000051', 'Ann'],
      ['+61411000052', 'Ben'],
    ] as const) {
      const c = await call(contacts.listsContactsByListIdPost(Object.assign(new clicksend.Contact(), { phoneNumber, firstName, custom1: 'vip' }), listId));
      assert.equal(c.status, 200, JSON.stringify(c.body));
      ids.push(c.body.data.contact_id as number);
    }
    const collection = Object.assign(new clicksend.SmsMessageCollection(), {
      messages: [
        Object.assign(new clicksend.SmsMessage(), { listId, body: 'Hi (First Name), you are (Cust. 1).' }),
        Object.assign(new clicksend.SmsMessage(), { to: mobile(50), body: 'Hi (First Name)' }),
      ],
    });
    const priced = await call(sms.smsPricePost(collection));
    const sent = await call(sms.smsSendPost(collection));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(
      sent.body.data.messages.map((m: any) => [m.to, m.body, m.contact_id, m.list_id, m.status]),
      [
        ['+61411000051', 'Hi Ann, you are vip.', ids[0], listId, 'SUCCESS'],
        ['+61411000052', 'Hi Ben, you are vip.', ids[1], listId, 'SUCCESS'],
        [mobile(50), 'Hi (First Name)', undefined, undefined, 'SUCCESS'],
      ],
    );
    assert.deepEqual(
      priced.body.data.messages.map((m: any) => [m.to, m.body, m.message_parts, Number(m.message_price)]),
      sent.body.data.messages.map((m: any) => [m.to, m.body, m.message_parts, m.message_price]),
    );
    const history = await call(sms.smsHistoryGet(`list_id:${listId}`));
    assert.deepEqual(
      history.body.data.data.map((h: any) => [h.contact_id, h.first_name]).sort((x: any, y: any) => x[0] - y[0]),
      [
        [ids[0], 'Ann'],
        [ids[1], 'Ben'],
      ],
    );
  });
});
