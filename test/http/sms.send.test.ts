import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST_SMS_ENV, historyOf, mobile, money, sendSms, waitForHistory } from '../helpers/sms.js';

const SEND_FIELDS = [
  'body',
  'carrier',
  'country',
  'custom_string',
  'date',
  'direction',
  'from',
  'message_id',
  'message_parts',
  'message_price',
  'schedule',
  'status',
  'subaccount_id',
  'to',
  'user_id',
];
const PRICE_FIELDS = ['body', 'country', 'custom_string', 'from', 'message_parts', 'message_price', 'schedule', 'status', 'to'];

describe('POST /sms/send and /sms/price', () => {
  let s: TestServer;
  let n = 0;
  const account = (country = 'AU') => s.createAccount(`sms-send-${++n}`, country);
  const rate = (country: string, currency: string) => s.services.pricing.smsRateMicros(country, currency);
  const historyTotal = async (who: { username: string; apiKey: string }) => (await s.request('GET', '/v3/sms/history', { as: who })).body.data.total as number;

  before(async () => {
    s = await startServer({ env: { ...FAST_SMS_ENV } });
  });
  after(() => s.close());

  it('queues valid messages with every documented field, priced in the account currency under `currency`', async () => {
    const us = await account('US');
    const before = await money(s, us.accountId);
    const r = await sendSms(s, [{ to: '+61412345678', body: 'Hello from the sandbox', from: 'Sendbox', custom_string: 'ref-1', schedule: 0 }], us);
    assert.equal(r.status, 200);
    assert.equal(r.body.response_code, 'SUCCESS');
    const d = r.body.data;
    assert.deepEqual(Object.keys(d).sort(), ['currency', 'messages', 'queued_count', 'total_count', 'total_price']);
    assert.deepEqual(d.currency, { currency_name_short: 'USD', currency_prefix_d: '$', currency_prefix_c: '¢', currency_name_long: 'US Dollars' });
    const [m] = d.messages;
    assert.deepEqual(Object.keys(m).sort(), SEND_FIELDS);
    const expected = rate('AU', 'USD');
    assert.deepEqual(
      { to: m.to, country: m.country, status: m.status, parts: m.message_parts, price: m.message_price, from: m.from, custom: m.custom_string, dir: m.direction, user: m.user_id },
      { to: '+61412345678', country: 'AU', status: 'SUCCESS', parts: 1, price: expected / 1e6, from: 'Sendbox', custom: 'ref-1', dir: 'out', user: us.accountId },
    );
    assert.match(m.message_id, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    assert.equal(typeof m.date, 'number');
    assert.equal(m.schedule, m.date, 'an immediate message is scheduled for now');
    assert.deepEqual([d.total_count, d.queued_count, d.total_price], [1, 1, expected / 1e6]);
    const after = await money(s, us.accountId);
    assert.equal(before.balance - after.balance, expected);
    assert.equal(after.balance, after.ledger);
  });

  it('gives each bad message its own status, queues the others, and charges only what was queued', async () => {
    const who = await account();
    const before = await money(s, who.accountId);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const cases: Array<[unknown, string]> = [
      [{ to: mobile(1), body: 'fine' }, 'SUCCESS'],
      [{ to: 'not a number', body: 'x' }, 'INVALID_RECIPIENT'],
      [{ to: '+6141', body: 'x' }, 'INVALID_RECIPIENT'],
      [{ to: '0412345678', country: 'XX', body: 'x' }, 'INVALID_RECIPIENT'],
      [{ body: 'nobody to send to' }, 'INVALID_RECIPIENT'],
      [{ list_id: 42, body: 'to a list nobody owns' }, 'NOT_ENOUGH_PERMISSION_TO_LIST_ID'],
      [{ to: mobile(2), body: 'x', from: 'TwelveLetter' }, 'INVALID_SENDER_ID'],
      [{ to: mobile(2), body: 'x', from: 'has space' }, 'INVALID_SENDER_ID'],
      [{ to: mobile(2), body: '' }, 'EMPTY_MESSAGE'],
      [{ to: mobile(2), body: '   ' }, 'EMPTY_MESSAGE'],
      [{ to: mobile(2) }, 'EMPTY_MESSAGE'],
      [{ to: mobile(2), body: 'x', schedule: past }, 'INVALID_SCHEDULE'],
      [{ to: mobile(2), body: 'x', schedule: 'next tuesday' }, 'INVALID_SCHEDULE'],
      [{ to: '0412 345 679', body: 'local, read in the account default country' }, 'SUCCESS'],
    ];
    const r = await sendSms(
      s,
      cases.map(([m]) => m),
      who,
    );
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.messages.map((m: any) => m.status),
      cases.map(([, st]) => st),
    );
    for (const m of r.body.data.messages) assert.deepEqual(Object.keys(m).sort(), SEND_FIELDS);
    const queued = r.body.data.messages.filter((m: any) => m.status === 'SUCCESS');
    for (const m of r.body.data.messages) if (m.status !== 'SUCCESS') assert.equal(m.message_price, 0);
    assert.equal(r.body.data.queued_count, 2);
    assert.equal(r.body.data.total_count, cases.length);
    const after = await money(s, who.accountId);
    assert.equal(before.balance - after.balance, 2 * rate('AU', 'AUD'));
    assert.equal(after.balance, after.ledger);
    assert.equal(await historyTotal(who), 2, 'refused messages are not stored');
    for (const m of queued) assert.ok(await historyOf(s, m.message_id, who));
    const debits = await s.dbh.db.selectFrom('ledger_transactions').selectAll().where('account_id', '=', who.accountId).where('kind', '=', 'debit').execute();
    assert.equal(debits.length, 1, 'one ledger row for the call');
    assert.deepEqual([debits[0]!.product, debits[0]!.quantity], ['sms', 2]);
  });

  it('refuses the same body to the same number moments apart as THROTTLED, within a call and across calls, uncharged', async () => {
    const who = await account();
    const first = await sendSms(
      s,
      [
        { to: mobile(10), body: 'Your code is 1234' },
        { to: mobile(10), body: 'Your code is 1234' },
        { to: mobile(10), body: 'Your code is 5678' },
      ],
      who,
    );
    assert.deepEqual(
      first.body.data.messages.map((m: any) => m.status),
      ['SUCCESS', 'THROTTLED', 'SUCCESS'],
    );
    const mid = await money(s, who.accountId);
    const again = await sendSms(
      s,
      [
        { to: '0412 000 010', body: 'Your code is 1234' },
        { to: mobile(11), body: 'Your code is 1234' },
      ],
      who,
    );
    assert.deepEqual(
      again.body.data.messages.map((m: any) => m.status),
      ['THROTTLED', 'SUCCESS'],
      'the same recipient written locally is the same recipient',
    );
    assert.equal(mid.balance - (await money(s, who.accountId)).balance, rate('AU', 'AUD'));
  });

  it('refuses what the credit cannot cover as INSUFFICIENT_CREDIT, message by message, and never overdraws', async () => {
    const who = await account();
    const r7 = rate('AU', 'AUD');
    // Leave exactly enough for two one-part messages.
    const start = await s.services.ledger.balance(who.accountId);
    await s.services.ledger.debit({ accountId: who.accountId, amountMicros: start - 2 * r7, description: 'spend down' });
    const r = await sendSms(
      s,
      [mobile(20), mobile(21), mobile(22), '+61411111111'].map((to, i) => ({ to, body: `credit check ${i}` })),
      who,
    );
    assert.deepEqual(
      r.body.data.messages.map((m: any) => m.status),
      ['SUCCESS', 'SUCCESS', 'INSUFFICIENT_CREDIT', 'SUCCESS'],
      'a free test number still goes through',
    );
    const after = await money(s, who.accountId);
    assert.deepEqual([after.balance, after.ledger], [0, 0]);
  });

  it('accepts documented test numbers without charging or ever dispatching them', async () => {
    const who = await account();
    const before = await money(s, who.accountId);
    const r = await sendSms(
      s,
      [
        { to: '+61411111111', body: 'test' },
        { to: '+14055555555', body: 'test' },
        { to: mobile(30), body: 'real' },
      ],
      who,
    );
    assert.deepEqual(
      r.body.data.messages.map((m: any) => [m.status, m.message_price, m.country]),
      [
        ['SUCCESS', 0, 'AU'],
        ['SUCCESS', 0, 'US'],
        ['SUCCESS', rate('AU', 'AUD') / 1e6, 'AU'],
      ],
    );
    const [test, , real] = r.body.data.messages;
    // Once the ordinary message has been dispatched and receipted, the test number still has not moved.
    await waitForHistory(s, real.message_id, (h) => h.status_code === '201', 'the ordinary message to be delivered', who);
    const h = await historyOf(s, test.message_id, who);
    assert.deepEqual([h!.status, h!.status_code, h!.message_price], ['Completed', null, '0.000000']);
    const row = await s.dbh.db.selectFrom('sms_messages').select(['attempts', 'claimed_by']).where('message_id', '=', test.message_id).executeTakeFirstOrThrow();
    assert.deepEqual([row.attempts, row.claimed_by], [0, null]);
    assert.equal((await s.request('GET', `/v3/sms/receipts/${test.message_id}`, { as: who })).status, 404);
    assert.equal(before.balance - (await money(s, who.accountId)).balance, rate('AU', 'AUD'));
  });

  it('counts parts as GSM-7 (extension characters count two) or UCS-2, and prices parts × the country rate', async () => {
    const who = await account();
    const cases: Array<[string, number]> = [
      ['a'.repeat(160), 1],
      ['a'.repeat(161), 2],
      ['€'.repeat(80), 1],
      ['€'.repeat(81), 2],
      ['ж'.repeat(70), 1],
      ['ж'.repeat(71), 2],
      ['a'.repeat(152) + '€' + 'a'.repeat(152), 3],
      ['😀'.repeat(35), 1],
      ['😀'.repeat(36), 2],
    ];
    const r = await s.request('POST', '/v3/sms/price', { as: who, body: { messages: cases.map(([body], i) => ({ to: mobile(40 + i), body })) } });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.messages.map((m: any) => m.message_parts),
      cases.map(([, p]) => p),
    );
    const r7 = rate('AU', 'AUD');
    assert.deepEqual(
      r.body.data.messages.map((m: any) => m.message_price),
      cases.map(([, p]) => ((p * r7) / 1e6).toFixed(4)),
    );
  });

  it('cuts a message to the account message limit (setting_sms_message_char_limit parts)', async () => {
    const who = await account();
    const set = await s.request('PUT', '/v3/account', { as: who, body: { setting_sms_message_char_limit: 2 } });
    assert.equal(set.status, 200);
    const r = await sendSms(
      s,
      [
        { to: mobile(60), body: 'b'.repeat(500) },
        { to: mobile(61), body: 'ж'.repeat(200) },
      ],
      who,
    );
    const [gsm, ucs] = r.body.data.messages;
    assert.deepEqual([gsm.message_parts, gsm.body.length], [2, 306]);
    assert.deepEqual([ucs.message_parts, ucs.body.length], [2, 134]);
    assert.equal((await historyOf(s, gsm.message_id, who))!.body.length, 306);
  });

  it('prices like a send (price as a 4-place string) and stores or charges nothing', async () => {
    const who = await account();
    const before = await money(s, who.accountId);
    const r = await s.request('POST', '/v3/sms/price', {
      as: who,
      body: {
        messages: [
          { to: mobile(70), body: 'hi', custom_string: 'x' },
          { to: 'nope', body: 'hi' },
        ],
      },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body.data).sort(), ['messages', 'queued_count', 'total_count', 'total_price']);
    const [ok, bad] = r.body.data.messages;
    assert.deepEqual(Object.keys(ok).sort(), PRICE_FIELDS);
    assert.equal(ok.message_price, (rate('AU', 'AUD') / 1e6).toFixed(4));
    assert.deepEqual([ok.status, bad.status, bad.message_price], ['SUCCESS', 'INVALID_RECIPIENT', '0.0000']);
    assert.equal(r.body.data.total_price, rate('AU', 'AUD') / 1e6);
    assert.deepEqual(await money(s, who.accountId), before);
    assert.equal(await historyTotal(who), 0);
  });

  it('refuses more than 1000 messages with TOO_MANY_RECIPIENTS, and an empty list, storing nothing', async () => {
    const who = await account();
    const before = await money(s, who.accountId);
    const many = Array.from({ length: 1001 }, (_, i) => ({ to: mobile(1000 + i), body: 'x' }));
    const r = await sendSms(s, many, who);
    assert.deepEqual([r.status, r.body.response_code], [400, 'TOO_MANY_RECIPIENTS']);
    assert.match(r.body.response_msg, /1001/);
    const empty = await sendSms(s, [], who);
    assert.deepEqual([empty.status, empty.body.response_code], [400, 'MISSING_REQUIRED_FIELDS']);
    const malformed = await s.request('POST', '/v3/sms/send', { as: who, body: { messages: 'hello' } });
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.response_msg, /messages/);
    assert.deepEqual(await money(s, who.accountId), before);
    assert.equal(await historyTotal(who), 0);
  });

  it('refuses a subaccount without access_sms with 403, and an account not yet activated', async () => {
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'sms-no-access', password: 'password-123', email: 'na@example.com', phone_number: '+61411111111', first_name: 'N', last_name: 'A', access_sms: 0 },
    });
    const who = { username: 'sms-no-access', apiKey: sub.body.data.api_key as string };
    for (const [method, path] of [
      ['POST', '/v3/sms/send'],
      ['POST', '/v3/sms/price'],
      ['GET', '/v3/sms/history'],
      ['GET', '/v3/sms/receipts'],
      ['GET', '/v3/sms/inbound'],
      ['PUT', '/v3/sms/cancel-all'],
    ] as const) {
      const r = await s.request(method, path, { as: who, ...(method === 'POST' ? { body: { messages: [{ to: mobile(80), body: 'x' }] } } : {}) });
      assert.deepEqual([r.status, r.body.response_code], [403, 'FORBIDDEN'], `${method} ${path}`);
    }
    const signup = await s.request('POST', '/v3/account', {
      as: null,
      body: {
        username: 'sms-inactive',
        password: 'password-123',
        user_phone: '+61411111111',
        user_email: 'i@example.com',
        user_first_name: 'I',
        user_last_name: 'N',
        account_name: 'Inactive',
        country: 'AU',
      },
    });
    const inactive = { username: 'sms-inactive', apiKey: signup.body.data._subaccount.api_key as string };
    const r = await sendSms(s, [{ to: mobile(81), body: 'x' }], inactive);
    assert.deepEqual([r.status, r.body.response_code], [403, 'ACCOUNT_NOT_ACTIVATED']);
  });
});
