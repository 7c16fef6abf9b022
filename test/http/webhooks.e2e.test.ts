import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRule } from '../helpers/automations-firing.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { SANDBOX, sendSms } from '../helpers/sms.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const INBOUND_KEYS = [
  'originalsenderid',
  'body',
  'message',
  'sms',
  'custom_string',
  'to',
  'original_message_id',
  'originalmessageid',
  'customstring',
  'from',
  'originalmessage',
  'user_id',
  'subaccount_id',
  'original_body',
  'timestamp',
  'message_id',
];

/** End to end: a sent SMS, its receipt and its reply fire URL rules, and the pushes reach a real receiver as webhooks.md says. */
describe('webhooks end to end: rules → outbox → receiver', () => {
  let s: TestServer;
  let rx: WebhookReceiver;
  let t = Date.UTC(2031, 2, 1);
  const clock = { nowMs: () => t };
  const deliverAll = async () => {
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    t += 1_000;
    while ((await s.services.sms.receiptSweep.runOnce()) > 0);
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
  };

  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0', SMS_RECEIPT_DELAY_MS: '1000', ALLOW_PRIVATE_URLS: '1' } });
    rx = await startWebhookReceiver();
  });
  after(async () => {
    await s.close();
    await rx.close();
  });

  it('pushes the receipt (form POST) and the reply (GET query) of a sent SMS to the rules’ URLs', async () => {
    const who = await s.createAccount('wh-e2e');
    const receiptRule = await createRule(s, who, 'sms/receipts', { match_type: 0, action: 'URL', action_address: rx.url });
    const inboundRule = await createRule(s, who, 'sms/inbound', { dedicated_number: '*', message_search_type: 0, action: 'URL', action_address: `${rx.url}?via=get`, webhook_type: 'get' });
    const sent = await sendSms(s, [{ to: SANDBOX.replies, body: 'Table for two at 8?', custom_string: 'booking-9' }], who);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const messageId = sent.body.data.messages[0].message_id as string;
    await deliverAll();

    const log = (await s.request('GET', '/v3/sendbox/webhook-deliveries?limit=100', { as: who })).body.data.data as any[];
    const receiptPush = log.find((d) => d.event_type === 'sms.receipt')!;
    const inboundPush = log.find((d) => d.event_type === 'sms.inbound')!;
    assert.deepEqual([receiptPush.rule_kind, receiptPush.rule_id, receiptPush.status, receiptPush.message_id], ['sms_receipt', receiptRule, 'Delivered', messageId]);
    assert.deepEqual([inboundPush.rule_kind, inboundPush.rule_id, inboundPush.status, inboundPush.webhook_type], ['sms_inbound', inboundRule, 'Delivered', 'get']);

    const r = rx.requests.find((x) => x.eventId === receiptPush.event_id)!;
    assert.equal(r.method, 'POST');
    const receipt = Object.fromEntries(new URLSearchParams(r.body));
    assert.deepEqual(
      [receipt.message_id, receipt.messageid, receipt.status, receipt.status_code, receipt.custom_string, receipt.message_type, receipt.user_id],
      [messageId, messageId, 'Delivered', '201', 'booking-9', 'sms', String(who.accountId)],
    );
    assert.match(receipt.timestamp_send!, /^\d+$/);

    const i = rx.requests.find((x) => x.eventId === inboundPush.event_id)!;
    assert.equal(i.method, 'GET');
    const q = new URLSearchParams(i.url.split('?')[1]);
    assert.deepEqual([...q.keys()], ['via', ...INBOUND_KEYS]);
    assert.deepEqual(
      [q.get('from'), q.get('sms'), q.get('original_message_id'), q.get('original_body'), q.get('custom_string'), q.get('user_id')],
      [SANDBOX.replies, SANDBOX.replies, messageId, 'Table for two at 8?', 'booking-9', String(who.accountId)],
    );
    assert.equal(q.get('message_id'), inboundPush.message_id);
  });
});
