import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InboundSmsEvent, ReceiptEvent } from '../../../core/messaging/index.js';
import { matchingRules, ruleKindOf, ruleMatches, type FiringRule } from './match.js';

const rule = (over: Partial<FiringRule>): FiringRule => ({
  id: 1,
  account_id: 1,
  kind: 'sms_inbound',
  dedicated_number: '*',
  message_search_type: 0,
  message_search_term: null,
  match_type: null,
  action: 'URL',
  action_address: 'https://example.com',
  body: null,
  webhook_type: 'post',
  ...over,
});
const sms = (body: string, to = '+61491570737'): InboundSmsEvent => ({
  type: 'sms.inbound',
  accountId: 1,
  subaccountId: 1,
  messageId: 'M',
  from: '+61412345678',
  to,
  body,
  originalMessageId: null,
  originalBody: null,
  customString: null,
  fromEmail: null,
  timestamp: 0,
});
const receipt = (status: 'Delivered' | 'Undelivered', channel: ReceiptEvent['channel'] = 'sms'): ReceiptEvent => ({
  type: 'receipt',
  channel,
  accountId: 1,
  subaccountId: 1,
  messageId: 'M',
  status,
  statusCode: status === 'Delivered' ? 201 : 301,
  statusText: '',
  errorCode: null,
  errorText: null,
  customString: null,
  timestampSend: null,
  timestamp: 0,
  recipient: '+61412345678',
});

describe('automation rule matching', () => {
  it('compares dedicated numbers as digits, and * or blank as any number', () => {
    assert.ok(ruleMatches(rule({ dedicated_number: '61491570999' }), sms('x', '+61491570999')));
    assert.ok(ruleMatches(rule({ dedicated_number: '+61 491 570 999' }), sms('x', '+61491570999')));
    assert.ok(!ruleMatches(rule({ dedicated_number: '+61491570998' }), sms('x', '+61491570999')));
    assert.ok(ruleMatches(rule({ dedicated_number: '' }), sms('x')));
  });

  it('reads search types ignoring case; an empty term restricts nothing', () => {
    const m = (type: number, term: string | null, body: string) => ruleMatches(rule({ message_search_type: type, message_search_term: term }), sms(body));
    assert.deepEqual([m(1, 'stop', '  STOP now'), m(1, 'now', 'STOP now'), m(2, 'OP N', 'stop now'), m(3, 'pizza', 'stop'), m(3, 'STOP', 'stop')], [true, false, true, true, false]);
    assert.deepEqual([m(1, '', 'a'), m(3, '', 'a'), m(3, null, 'a')], [true, true, true]);
  });

  it('reads match_type: 0, 3 and null all, 1 Undelivered, 2 Delivered', () => {
    const m = (match_type: number | null, s: 'Delivered' | 'Undelivered') => ruleMatches(rule({ kind: 'sms_receipt', match_type }), receipt(s));
    assert.deepEqual(
      [0, 1, 2, 3, null].map((t) => [m(t, 'Delivered'), m(t, 'Undelivered')]),
      [
        [true, true],
        [false, true],
        [true, false],
        [true, true],
        [true, true],
      ],
    );
  });

  it('takes at most 10 matching rules, in the order given', () => {
    const rules = Array.from({ length: 14 }, (_, i) => rule({ id: i + 1, message_search_type: i % 2 === 0 ? 0 : 2, message_search_term: i % 2 === 0 ? null : 'nope' }));
    assert.deepEqual(
      matchingRules(rules, sms('hello')).map((r) => r.id),
      [1, 3, 5, 7, 9, 11, 13],
    );
    const many = Array.from({ length: 14 }, (_, i) => rule({ id: i + 1 }));
    assert.deepEqual(
      matchingRules(many, sms('hello')).map((r) => r.id),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
  });

  it('gives MMS receipts no rule group', () => {
    assert.deepEqual([ruleKindOf(receipt('Delivered', 'mms')), ruleKindOf(receipt('Delivered', 'voice')), ruleKindOf(sms('x'))], [null, 'voice_receipt', 'sms_inbound']);
  });
});
