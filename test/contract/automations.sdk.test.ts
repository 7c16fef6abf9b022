import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

const receiptRule = (fields: { ruleName: string; matchType: number; action: string; actionAddress: string; enabled: number }) => Object.assign(new clicksend.DeliveryReceiptRule(), fields);

/** The official SDK's five methods of one rule API class, and the rules it sends. */
interface Case {
  api: 'InboundSMSRulesApi' | 'SMSDeliveryReceiptRulesApi' | 'EmailDeliveryReceiptRulesApi' | 'VoiceDeliveryReceiptRulesApi' | 'FAXDeliveryReceiptRulesApi' | 'InboundFAXRulesApi';
  prefix: string;
  id: 'inbound_rule_id' | 'receipt_rule_id';
  create: () => object;
  update: () => object;
  /** What the stored rule shows after create, then after update (snake_case, as the server prints it). */
  created: Record<string, unknown>;
  updated: Record<string, unknown>;
  messages: [list: string, create: string, get: string, update: string, del: string];
  deleted: unknown;
}

const receiptCase = (api: Case['api'], prefix: string, messages: Case['messages'], deleted: unknown): Case => ({
  api,
  prefix,
  id: 'receipt_rule_id',
  create: () => receiptRule({ ruleName: 'My Rule', matchType: 0, action: 'URL', actionAddress: 'http://yourdomain.com', enabled: 1 }),
  update: () => receiptRule({ ruleName: 'Failures', matchType: 1, action: 'EMAIL_FIXED', actionAddress: 'john@doe.com', enabled: 0 }),
  created: { rule_name: 'My Rule', match_type: 0, action: 'URL', action_address: 'http://yourdomain.com', enabled: 1 },
  updated: { rule_name: 'Failures', match_type: 1, action: 'EMAIL_FIXED', action_address: 'john@doe.com', enabled: 0 },
  messages,
  deleted,
});

const CASES: Case[] = [
  {
    api: 'InboundSMSRulesApi',
    prefix: 'smsInbound',
    id: 'inbound_rule_id',
    create: () =>
      Object.assign(new clicksend.InboundSMSRule(), {
        dedicatedNumber: '+61298441484',
        ruleName: 'My Rule',
        messageSearchType: 3,
        messageSearchTerm: 'My Search Term',
        action: 'URL',
        actionAddress: 'https://example.com/inbound',
        enabled: 1,
        webhookType: 'json',
      }),
    // The SDK model has no body: AUTO_REPLY's text travels in action_address.
    update: () =>
      Object.assign(new clicksend.InboundSMSRule(), {
        dedicatedNumber: '*',
        ruleName: 'Auto reply',
        messageSearchType: 1,
        messageSearchTerm: 'hours',
        action: 'AUTO_REPLY',
        actionAddress: 'We open at 9.',
        enabled: 1,
      }),
    created: {
      dedicated_number: '+61298441484',
      rule_name: 'My Rule',
      message_search_type: 3,
      message_search_term: 'My Search Term',
      action: 'URL',
      action_address: 'https://example.com/inbound',
      enabled: 1,
      body: null,
      _webhook_type: 'json',
    },
    updated: {
      dedicated_number: '*',
      rule_name: 'Auto reply',
      message_search_type: 1,
      message_search_term: 'hours',
      action: 'AUTO_REPLY',
      action_address: 'We open at 9.',
      enabled: 1,
      body: null,
      _webhook_type: null,
    },
    messages: ['Your list of inbound rules.', 'Your record has been added.', 'Your inbound rule.', 'Your record has been updated.', 'Your record has been deleted.'],
    deleted: [],
  },
  receiptCase(
    'SMSDeliveryReceiptRulesApi',
    'smsDeliveryReceipt',
    [
      'Your list of rule incoming sms receipt.',
      'Your new SMS receipt has been added.',
      'Your rule incoming voice receipt.',
      'Your rule incoming sms receipt has been updated.',
      'Your rule incoming sms receipt has been deleted.',
    ],
    [],
  ),
  receiptCase(
    'EmailDeliveryReceiptRulesApi',
    'emailDeliveryReceipt',
    [
      'Here is your result.',
      'Automation email receipt rule has been created.',
      'Here is your result.',
      'Automation email receipt rule has been updated.',
      'Automation email receipt rule has been deleted.',
    ],
    true,
  ),
  receiptCase(
    'VoiceDeliveryReceiptRulesApi',
    'voiceDeliveryReceipt',
    ['Your voice receipts.', 'Your new voice receipt has been added.', 'Your rule incoming voice receipt.', 'Your rule incoming voice receipt.', 'Your rule voice receipt has been deleted.'],
    [],
  ),
  receiptCase(
    'FAXDeliveryReceiptRulesApi',
    'faxDeliveryReceipt',
    [
      'Here is your result.',
      'Your new Fax receipt has been added.',
      'Your rule incoming fax receipt.',
      'Your rule incoming fax receipt has been updated.',
      'Your rule incoming fax receipt has been deleted.',
    ],
    null,
  ),
  {
    api: 'InboundFAXRulesApi',
    prefix: 'faxInbound',
    id: 'inbound_rule_id',
    create: () => Object.assign(new clicksend.InboundFaxRule(), { dedicatedNumber: '+61298441484', ruleName: 'My Rule', action: 'EMAIL_FIXED', actionAddress: 'email@domain.com', enabled: 1 }),
    update: () => Object.assign(new clicksend.InboundFaxRule(), { dedicatedNumber: '*', ruleName: 'Any fax', action: 'URL', actionAddress: 'https://example.com/fax', enabled: 0 }),
    created: { dedicated_number: '+61298441484', rule_name: 'My Rule', action: 'EMAIL_FIXED', action_address: 'email@domain.com', enabled: 1 },
    updated: { dedicated_number: '*', rule_name: 'Any fax', action: 'URL', action_address: 'https://example.com/fax', enabled: 0 },
    messages: ['Your inbound fax.', 'New rule has been added.', 'Your inbound fax.', 'Your inbound fax.', 'Your fax inbound rule has been deleted.'],
    deleted: [],
  },
];

describe('Automation rule APIs (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  for (const c of CASES) {
    it(`${c.api}: create, list, get, update and delete with the documented shapes and messages`, async () => {
      const api = sdk(s, c.api) as any;
      const m = (verb: string) => api[`${c.prefix}Automation${verb}`].bind(api);

      const created = await call(m('Post')(c.create()));
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual([created.body.http_code, created.body.response_code, created.body.response_msg], [200, 'SUCCESS', c.messages[1]]);
      const rule = created.body.data;
      const id = rule[c.id];
      assert.equal(typeof id, 'number');
      const extra = c.api === 'InboundFAXRulesApi' ? { user_id: s.owner.accountId } : {};
      assert.deepEqual(rule, { ...c.created, [c.id]: id, ...extra });

      const list = await call(api[`${c.prefix}AutomationsGet`](undefined, 1, 15));
      assert.deepEqual([list.status, list.body.response_msg], [200, c.messages[0]]);
      assert.deepEqual(list.body.data.data, [rule]);
      assert.deepEqual([list.body.data.total, list.body.data.per_page, list.body.data.current_page, list.body.data.last_page], [1, 15, 1, 1]);
      const searched = await call(api[`${c.prefix}AutomationsGet`]('rule_name:my rule', 1, 15));
      assert.deepEqual(searched.body.data.data, [rule], 'q= through the SDK');
      const missed = await call(api[`${c.prefix}AutomationsGet`]('rule_name:nothing like it'));
      assert.equal(missed.body.data.total, 0);

      const got = await call(m('Get')(id));
      assert.deepEqual([got.status, got.body.response_msg, got.body.data], [200, c.messages[2], rule]);

      const updated = await call(m('Put')(id, c.update()));
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.response_msg, c.messages[3]);
      assert.deepEqual(updated.body.data, { ...c.updated, [c.id]: id, ...extra });
      assert.deepEqual((await call(m('Get')(id))).body.data, updated.body.data, 'the change is stored');

      const deleted = await call(m('Delete')(id));
      assert.deepEqual([deleted.status, deleted.body.response_msg, deleted.body.data], [200, c.messages[4], c.deleted]);
      for (const again of [() => m('Get')(id), () => m('Delete')(id), () => m('Put')(id, c.update())]) {
        const r = await call(again());
        assert.deepEqual([r.status, r.body.http_code, r.body.response_code], [404, 404, 'NOT_FOUND']);
      }
      assert.equal((await call(api[`${c.prefix}AutomationsGet`]())).body.data.total, 0);
    });

    it(`${c.api}: a rule the SDK sends with a bad action is refused with 400 naming action`, async () => {
      const api = sdk(s, c.api) as any;
      const bad = Object.assign(c.create(), { action: 'SMPP' });
      const r = await call(api[`${c.prefix}AutomationPost`](bad));
      assert.deepEqual([r.status, r.body.response_code], [400, 'BAD_REQUEST']);
      assert.match(r.body.response_msg, /action SMPP is not served by Sendbox/);
    });
  }
});
