import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_RULES_PER_GROUP } from '../../src/modules/automations/automations.service.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('automation rules per account and group are capped (review of issue 11)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it(`refuses rule ${MAX_RULES_PER_GROUP + 1} of one group with 400, while other groups and other accounts still take rules`, async () => {
    const acct = await s.createAccount('rules-cap');
    // Every event reads all of its account's enabled rules of a group in the event's transaction: the cap bounds that.
    const rows = Array.from({ length: MAX_RULES_PER_GROUP - 1 }, (_, i) => ({
      account_id: acct.accountId,
      kind: 'sms_inbound' as const,
      rule_name: `r${i}`,
      dedicated_number: '*',
      message_search_type: 0,
      message_search_term: null,
      action: 'POLL',
      action_address: '',
      enabled: 1,
      created_at: 0,
      updated_at: 0,
    }));
    for (let i = 0; i < rows.length; i += 100)
      await s.dbh.db
        .insertInto('automation_rules')
        .values(rows.slice(i, i + 100))
        .execute();
    const body = { dedicated_number: '*', rule_name: 'one more', message_search_type: 0, action: 'POLL', enabled: 1 };
    assert.equal((await s.request('POST', '/v3/automations/sms/inbound', { as: acct, body })).status, 200);
    const refused = await s.request('POST', '/v3/automations/sms/inbound', { as: acct, body });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.response_code, 'BAD_REQUEST');
    assert.match(refused.body.response_msg, new RegExp(`You have ${MAX_RULES_PER_GROUP} Inbound SMS rules, the most an account may keep`));
    const receipt = await s.request('POST', '/v3/automations/sms/receipts', { as: acct, body: { rule_name: 'r', match_type: 0, action: 'POLL', enabled: 1 } });
    assert.equal(receipt.status, 200);
    const other = await s.createAccount('rules-cap-other');
    assert.equal((await s.request('POST', '/v3/automations/sms/inbound', { as: other, body })).status, 200);
  });
});
