import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuthContext } from '../../src/core/auth/index.js';
import { addContact, contactsSubaccount, newList } from '../helpers/contacts.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST_SMS_ENV, historyOf, mobile, money, SANDBOX, sendSms, waitFor, waitForHistory } from '../helpers/sms.js';

type Who = { username: string; apiKey: string; accountId: number };

/*
 * list_id on /sms/send and /sms/price over real HTTP, with lists and contacts made through the contacts API:
 * expansion, personalisation, the per-call limit, tenancy and opt-outs (STOP and opt-out lists).
 */
describe('SMS to contact lists (list_id)', () => {
  let s: TestServer;
  let n = 0;
  const account = (country = 'AU'): Promise<Who> => s.createAccount(`sms-lists-${++n}`, country);
  const rate = (country: string, currency: string) => s.services.pricing.smsRateMicros(country, currency);
  const history = async (who: Who, q = '') => (await s.request('GET', `/v3/sms/history?limit=100${q}`, { as: who })).body.data;

  before(async () => {
    s = await startServer({ env: { ...FAST_SMS_ENV } });
  });
  after(() => s.close());

  it('sends one message per contact with a phone number, each with its own id, price, contact_id and list_id, filled from the contact', async () => {
    const who = await account();
    const list = await newList(s, 'Customers', who);
    const jack = await addContact(s, list.list_id, { phone_number: '+61411000001', first_name: 'Jack', custom_1: 'A123441' }, who);
    const jill = await addContact(s, list.list_id, { phone_number: '+14155550123', first_name: 'Jill', last_name: 'Hill' }, who);
    await addContact(s, list.list_id, { email: 'nophone@example.com', first_name: 'Nemo' }, who);
    const before = await money(s, who.accountId);

    const body = 'Hi (First Name) {LastName}, invoice (Cust. 1) is due.';
    const r = await sendSms(
      s,
      [
        { to: mobile(1), body },
        { list_id: list.list_id, body, custom_string: 'list-send' },
      ],
      who,
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const d = r.body.data;
    assert.deepEqual([d.total_count, d.queued_count], [3, 3]);
    const [plain, toJack, toJill] = d.messages;
    // A plain `to` keeps the documented fields and its literal text: no contact to fill it from.
    assert.equal(plain.body, body);
    assert.equal('contact_id' in plain, false);
    assert.deepEqual(
      [toJack, toJill].map((m: any) => [m.to, m.contact_id, m.list_id, m.body, m.status, m.country, m.custom_string]),
      [
        ['+61411000001', jack.contact_id, list.list_id, 'Hi Jack , invoice A123441 is due.', 'SUCCESS', 'AU', 'list-send'],
        ['+14155550123', jill.contact_id, list.list_id, 'Hi Jill Hill, invoice  is due.', 'SUCCESS', 'US', 'list-send'],
      ],
    );
    assert.equal(new Set(d.messages.map((m: any) => m.message_id)).size, 3);
    const au = rate('AU', 'AUD');
    const us = rate('US', 'AUD');
    assert.notEqual(au, us, 'the two contacts are priced by their own countries');
    assert.deepEqual(
      d.messages.map((m: any) => m.message_price),
      [au / 1e6, au / 1e6, us / 1e6],
    );
    assert.equal(Math.round(d.total_price * 1e6), 2 * au + us);
    const after = await money(s, who.accountId);
    assert.equal(before.balance - after.balance, 2 * au + us);
    assert.equal(after.balance, after.ledger);

    // History: the personalised bodies, contact_id and list_id (0 and null for the plain recipient).
    const jackRecord = await historyOf(s, toJack.message_id, who);
    assert.deepEqual(
      [jackRecord?.contact_id, jackRecord?.list_id, jackRecord?.body, jackRecord?.first_name, jackRecord?.last_name],
      [jack.contact_id, list.list_id, 'Hi Jack , invoice A123441 is due.', 'Jack', ''],
    );
    const jillRecord = await historyOf(s, toJill.message_id, who);
    assert.deepEqual([jillRecord?.first_name, jillRecord?.last_name], ['Jill', 'Hill']);
    const plainRecord = await historyOf(s, plain.message_id, who);
    assert.deepEqual([plainRecord?.contact_id, plainRecord?.list_id, plainRecord?.body, plainRecord?.first_name], [0, null, body, '']);
    const byList = await history(who, `&q=list_id:${list.list_id}`);
    assert.deepEqual(byList.data.map((h: any) => h.to).sort(), ['+14155550123', '+61411000001']);
    const byContact = await history(who, `&q=contact_id:${jill.contact_id}`);
    assert.deepEqual(
      byContact.data.map((h: any) => h.message_id),
      [toJill.message_id],
    );
  });

  it('sends to the list when a message has both list_id and to (ClickSend: list_id overrides to)', async () => {
    const who = await account();
    const list = await newList(s, 'Both', who);
    const c = await addContact(s, list.list_id, { phone_number: '+61411000002', first_name: 'Only' }, who);
    const r = await sendSms(s, [{ list_id: list.list_id, to: mobile(2), body: 'hello (First Name)' }], who);
    assert.deepEqual(
      r.body.data.messages.map((m: any) => [m.to, m.contact_id, m.body]),
      [['+61411000002', c.contact_id, 'hello Only']],
    );
    assert.equal((await history(who)).total, 1);
  });

  it("refuses another account's list and an unknown list with NOT_ENOUGH_PERMISSION_TO_LIST_ID, sending the rest", async () => {
    const owner = await account();
    const theirs = await newList(s, 'Theirs', owner);
    await addContact(s, theirs.list_id, { phone_number: '+61411000003' }, owner);
    const who = await account();
    const before = await money(s, who.accountId);
    const r = await sendSms(
      s,
      [
        { list_id: theirs.list_id, body: 'not mine' },
        { list_id: theirs.list_id + 100_000, body: 'nobody' },
        { to: mobile(3), body: 'fine' },
      ],
      who,
    );
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.messages.map((m: any) => m.status),
      ['NOT_ENOUGH_PERMISSION_TO_LIST_ID', 'NOT_ENOUGH_PERMISSION_TO_LIST_ID', 'SUCCESS'],
    );
    assert.equal(before.balance - (await money(s, who.accountId)).balance, rate('AU', 'AUD'));
    assert.equal((await history(who)).total, 1);
    assert.equal((await history(owner)).total, 0, 'nothing was sent to the other account’s contacts');
  });

  it('refuses list_id to a subaccount without access_contacts (no contact read through /sms/price, /sms/send or a campaign)', async () => {
    const list = await newList(s, 'Private book');
    await addContact(s, list.list_id, { phone_number: '+61411000009', first_name: 'Secret', custom_1: 'hidden-note' });
    const smsOnly = await contactsSubaccount(s, 'sms-without-contacts', 0);
    for (const path of ['/v3/sms/price', '/v3/sms/send']) {
      const r = await s.request('POST', path, { as: smsOnly, body: { messages: [{ list_id: list.list_id, body: 'hi (First Name) {custom_1}' }] } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.data.messages.map((m: any) => m.status),
        ['NOT_ENOUGH_PERMISSION_TO_LIST_ID'],
        path,
      );
      assert.doesNotMatch(JSON.stringify(r.body), /Secret|hidden-note|61411000009/, path);
    }
    for (const path of ['/v3/sms-campaigns/price', '/v3/sms-campaigns/send']) {
      const r = await s.request('POST', path, { as: smsOnly, body: { list_id: list.list_id, name: 'c', body: 'hi (First Name)' } });
      assert.equal(r.status, 403, `${path} ${JSON.stringify(r.body)}`);
      assert.match(r.body.response_msg, /access_contacts/);
    }
    const withContacts = await contactsSubaccount(s, 'sms-with-contacts', 1);
    const ok = await s.request('POST', '/v3/sms/price', { as: withContacts, body: { messages: [{ list_id: list.list_id, body: 'hi (First Name)' }] } });
    assert.equal(ok.body.data.messages[0].body, 'hi Secret');
  });

  it('gives a list without any phone number one INVALID_RECIPIENT message', async () => {
    const who = await account();
    const list = await newList(s, 'Emails only', who);
    await addContact(s, list.list_id, { email: 'a@example.com' }, who);
    const r = await sendSms(s, [{ list_id: list.list_id, body: 'x' }], who);
    assert.deepEqual(
      r.body.data.messages.map((m: any) => m.status),
      ['INVALID_RECIPIENT'],
    );
  });

  it('counts list contacts toward the 1000-recipient limit: more is TOO_MANY_RECIPIENTS, nothing stored or charged', async () => {
    const who = await account();
    const list = await newList(s, 'Big', who);
    await seedContacts(s, who.accountId, list.list_id, 995);
    await s.services.ledger.credit({ accountId: who.accountId, amountMicros: 1_000_000_000, description: 'top-up' });
    const before = await money(s, who.accountId);
    const plain = (k: number) => Array.from({ length: k }, (_, i) => ({ to: mobile(100 + i), body: 'p' }));

    const tooMany = await sendSms(s, [{ list_id: list.list_id, body: 'big' }, ...plain(6)], who);
    assert.equal(tooMany.status, 400, JSON.stringify(tooMany.body));
    assert.equal(tooMany.body.response_code, 'TOO_MANY_RECIPIENTS');
    assert.match(tooMany.body.response_msg, /more than 1000 recipients/);
    const priced = await s.request('POST', '/v3/sms/price', { body: { messages: [{ list_id: list.list_id, body: 'big' }, ...plain(6)] }, as: who });
    assert.equal(priced.body.response_code, 'TOO_MANY_RECIPIENTS');
    assert.equal((await money(s, who.accountId)).balance, before.balance);
    assert.equal((await history(who)).total, 0);

    const exactly = await sendSms(s, [{ list_id: list.list_id, body: 'big' }, ...plain(5)], who);
    assert.equal(exactly.status, 200);
    assert.deepEqual([exactly.body.data.total_count, exactly.body.data.queued_count], [1000, 1000]);
    assert.equal((await history(who)).total, 1000);
  });

  it('refuses opted-out contacts: a number that replied STOP, and one in an opt-out list', async () => {
    const who = await account();
    const list = await newList(s, 'Audience', who);
    const stopper = await addContact(s, list.list_id, { phone_number: '+61411000011', first_name: 'Stop' }, who);
    const listed = await addContact(s, list.list_id, { phone_number: '+61411000012', first_name: 'Listed' }, who);
    const keen = await addContact(s, list.list_id, { phone_number: '+61411000013', first_name: 'Keen' }, who);
    const optOut = await newList(s, 'Do not contact', who, { _opt_out: 1 });
    await addContact(s, optOut.list_id, { phone_number: '+61411000012' }, who);

    // A STOP reply: sms_opt_outs and the account's opt-out lists (the first one it has) both learn the number.
    const stop = await s.request('POST', '/v3/sms/inbound', { body: { url: 'https://example.com/hook', from: stopper.phone_number, body: 'STOP' }, as: who });
    assert.equal(stop.status, 200, JSON.stringify(stop.body));
    const optedOut = await s.services.contactLists.optedOut(s.dbh.db, who.accountId, [stopper.phone_number, listed.phone_number, keen.phone_number]);
    assert.deepEqual([...optedOut].sort(), ['+61411000011', '+61411000012']);

    const r = await sendSms(
      s,
      [
        { list_id: list.list_id, body: 'Hi (First Name)' },
        { to: '+61411000012', body: 'plain to an opted-out number' },
      ],
      who,
    );
    assert.deepEqual(
      r.body.data.messages.map((m: any) => [m.to, m.status]),
      [
        ['+61411000011', 'INVALID_RECIPIENT'],
        ['+61411000012', 'INVALID_RECIPIENT'],
        ['+61411000013', 'SUCCESS'],
        ['+61411000012', 'INVALID_RECIPIENT'],
      ],
    );
    const priced = await s.request('POST', '/v3/sms/price', { body: { messages: [{ list_id: list.list_id, body: 'Hi (First Name)' }] }, as: who });
    assert.deepEqual(
      priced.body.data.messages.map((m: any) => m.status),
      ['INVALID_RECIPIENT', 'INVALID_RECIPIENT', 'SUCCESS'],
    );
  });

  it("adds a number whose sandbox reply is STOP to the account's opt-out list, which then refuses it", async () => {
    const who = await account();
    const sent = await sendSms(s, [{ to: SANDBOX.repliesStop, body: 'reply STOP please' }], who);
    assert.equal(sent.body.data.messages[0].status, 'SUCCESS');
    await waitFor('the STOP reply to opt the number out through the lists', async () => {
      const out = await s.services.contactLists.optedOut(s.dbh.db, who.accountId, [SANDBOX.repliesStop]);
      return out.has(SANDBOX.repliesStop) ? true : undefined;
    });
    const lists = (await s.request('GET', '/v3/lists', { as: who })).body.data.data;
    assert.deepEqual(
      lists.map((l: any) => [l.list_name, l._opt_out, l._contacts_count]),
      [['Opt-Out List', 1, 1]],
    );
    const again = await sendSms(s, [{ to: SANDBOX.repliesStop, body: 'again' }], who);
    assert.equal(again.body.data.messages[0].status, 'INVALID_RECIPIENT');
  });

  it('counts parts on the personalised body, and /sms/price agrees with /sms/send', async () => {
    const who = await account();
    const list = await newList(s, 'Names', who);
    await addContact(s, list.list_id, { phone_number: '+61411000021', first_name: 'Al' }, who);
    await addContact(s, list.list_id, { phone_number: '+61411000022', first_name: 'Bartholomew Alexander' }, who);
    await addContact(s, list.list_id, { phone_number: '+61411000023' }, who);
    // 150 characters + the name: 152 fits one GSM part (160), 171 needs two, 150 (no name) one.
    const body = `${'x'.repeat(150)}(First Name)`;
    const messages = [
      { list_id: list.list_id, body },
      { to: mobile(20), body },
    ];
    const priced = await s.request('POST', '/v3/sms/price', { body: { messages }, as: who });
    const sent = await sendSms(s, messages, who);
    const au = rate('AU', 'AUD');
    assert.deepEqual(
      sent.body.data.messages.map((m: any) => [m.message_parts, m.message_price]),
      [
        [1, au / 1e6],
        [2, (2 * au) / 1e6],
        [1, au / 1e6],
        [2, (2 * au) / 1e6],
      ],
    );
    assert.deepEqual(
      priced.body.data.messages.map((m: any) => [m.to, m.body, m.message_parts, Number(m.message_price)]),
      sent.body.data.messages.map((m: any) => [m.to, m.body, m.message_parts, m.message_price]),
    );
    assert.equal(priced.body.data.total_price, sent.body.data.total_price);
  });
});

describe('SmsSendService.sendToContacts (the campaign entry point)', () => {
  let s: TestServer;
  let n = 0;
  const account = (): Promise<Who> => s.createAccount(`sms-campaign-entry-${++n}`, 'AU');
  const authOf = async (who: Who): Promise<AuthContext> => {
    const c = await s.services.credentials.findByApiUsername(who.username);
    assert.ok(c);
    return { accountId: c.accountId, subaccountId: c.subaccountId, apiUsername: c.apiUsername, isPrimary: c.isPrimary, access: c.access, presentedApiKey: undefined, record: c.record };
  };
  const contactsOf = async (who: Who, listId: number) => (await s.services.contactLists.page(who.accountId, listId, 0, 100)) ?? [];
  const rows = (who: Who) => s.dbh.db.selectFrom('sms_messages').select(['contact_id', 'campaign_id', 'list_id', 'body']).where('account_id', '=', who.accountId).orderBy('id').execute();

  before(async () => {
    s = await startServer({ env: { ...FAST_SMS_ENV } });
  });
  after(() => s.close());

  it('stores, charges and queues one personalised SMS per contact like /sms/send, with campaign_id, and runs within in the same transaction', async () => {
    const who = await account();
    const list = await newList(s, 'Campaign list', who);
    const a = await addContact(s, list.list_id, { phone_number: '+61411000031', first_name: 'Ann' }, who);
    const b = await addContact(s, list.list_id, { email: 'b@example.com', first_name: 'NoPhone' }, who);
    const c = await addContact(s, list.list_id, { phone_number: '+61411000033', first_name: 'Cy' }, who);
    const before = await money(s, who.accountId);
    let seenInside = -1;
    const results = await s.services.sms.send.sendToContacts(await authOf(who), { body: 'Hello (First Name)', from: 'Sendbox', custom_string: 'camp' }, await contactsOf(who, list.list_id), {
      campaignId: 77,
      within: async (trx) => {
        // The batch is visible inside the transaction `within` runs in.
        const r = await trx
          .selectFrom('sms_messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('account_id', '=', who.accountId)
          .executeTakeFirstOrThrow();
        seenInside = Number(r.n);
      },
    });
    assert.equal(seenInside, 2);
    const au = rate(s, 'AU');
    assert.deepEqual(
      results.map((r) => [r.contact_id, r.status, r.body, r.message_parts, r.price_micros]),
      [
        [a.contact_id, 'SUCCESS', 'Hello Ann', 1, au],
        [b.contact_id, 'INVALID_RECIPIENT', 'Hello NoPhone', 1, 0],
        [c.contact_id, 'SUCCESS', 'Hello Cy', 1, au],
      ],
    );
    assert.equal(before.balance - (await money(s, who.accountId)).balance, 2 * au);
    assert.deepEqual(
      (await rows(who)).map((r) => [Number(r.contact_id), Number(r.campaign_id), Number(r.list_id), r.body]),
      [
        [a.contact_id, 77, list.list_id, 'Hello Ann'],
        [c.contact_id, 77, list.list_id, 'Hello Cy'],
      ],
    );
    // Dispatched by the normal pipeline, and in SMS history like any other message.
    const h = await waitForHistory(s, results[0]!.message_id, (x) => x.status_code !== null, 'the campaign message handed to the network', who);
    assert.deepEqual([h?.contact_id, h?.list_id, h?.body, h?.custom_string, h?.from], [a.contact_id, list.list_id, 'Hello Ann', 'camp', 'Sendbox']);
    // And priced the same without sending.
    const priced = await s.services.sms.send.priceToContacts(await authOf(who), { body: 'Hello (First Name)' }, await contactsOf(who, list.list_id));
    assert.deepEqual(
      priced.map((r) => [r.status, r.price_micros]),
      [
        ['SUCCESS', au],
        ['INVALID_RECIPIENT', 0],
        ['SUCCESS', au],
      ],
    );
  });

  it('stores and charges nothing when within throws', async () => {
    const who = await account();
    const list = await newList(s, 'Rolled back', who);
    await addContact(s, list.list_id, { phone_number: '+61411000041', first_name: 'Ann' }, who);
    const before = await money(s, who.accountId);
    await assert.rejects(
      s.services.sms.send.sendToContacts(await authOf(who), { body: 'Hello (First Name)' }, await contactsOf(who, list.list_id), {
        campaignId: 78,
        within: async () => {
          throw new Error('cursor update failed');
        },
      }),
      /cursor update failed/,
    );
    assert.deepEqual(await rows(who), []);
    const after = await money(s, who.accountId);
    assert.deepEqual(after, before);
  });
});

function rate(s: TestServer, country: string) {
  return s.services.pricing.smsRateMicros(country, 'AUD');
}

/** `count` contacts with distinct mobile numbers in the list, in one multi-row insert (a fixture, not the API under test). */
async function seedContacts(s: TestServer, accountId: number, listId: number, count: number) {
  const now = Math.floor(Date.now() / 1000);
  const rows = Array.from({ length: count }, (_, i) => ({
    account_id: accountId,
    list_id: listId,
    phone_number: `+614130${String(i).padStart(5, '0')}`,
    first_name: `C${i}`,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await s.dbh.db
      .insertInto('contacts')
      .values(rows.slice(i, i + 200))
      .execute();
}
