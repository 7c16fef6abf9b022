import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accountIdOf, createRule, deliveredRules, inbound, startReceiver, type Who } from '../helpers/automations-firing.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile, SANDBOX, sendSms } from '../helpers/sms.js';

/** Which rules fire: inbound search types and numbers, enabled, the 10-rule cap, tenancy, receipt match types. */
describe('automation rules fire on inbound SMS and delivery receipts', () => {
  let s: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let t = Date.UTC(2030, 5, 1);
  let n = 0;
  const clock = { nowMs: () => t };
  const account = async (): Promise<Who & { id: number }> => {
    const who = await s.createAccount(`firing-${++n}`);
    return { ...who, id: await accountIdOf(s, who) };
  };
  const urlRule = (who: Who, body: Record<string, unknown>) =>
    createRule(s, who, 'sms/inbound', { dedicated_number: '*', message_search_type: 0, action: 'URL', action_address: receiver.url, ...body });
  /** Hands off everything due, then lets the receipts come due and applies them. */
  const deliverAll = async () => {
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    t += 1_000;
    while ((await s.services.sms.receiptSweep.runOnce()) > 0);
  };

  before(async () => {
    receiver = await startReceiver();
    s = await startServer({ clock, env: { DISPATCH: '0', SMS_RECEIPT_DELAY_MS: '1000', ALLOW_PRIVATE_URLS: '1' } });
  });
  after(async () => {
    await s.close();
    await receiver.close();
  });

  it('matches each message_search_type, ignoring case: any, starts with, contains, does not contain', async () => {
    const who = await account();
    const any = await urlRule(who, { message_search_type: 0 });
    const starts = await urlRule(who, { message_search_type: 1, message_search_term: 'HELLO' });
    await urlRule(who, { message_search_type: 1, message_search_term: 'world' });
    const contains = await urlRule(who, { message_search_type: 2, message_search_term: 'World' });
    await urlRule(who, { message_search_type: 3, message_search_term: 'world' });
    const lacksNot = await urlRule(who, { message_search_type: 3, message_search_term: 'pizza' });
    await inbound(s, who, { from: mobile(1), body: 'hello wOrld' });
    assert.deepEqual(await deliveredRules(s, who.id), [any, starts, contains, lacksNot]);

    // The queued pushes reach the receiver (delivered by the dispatcher), one per matching rule.
    const before = receiver.got.length;
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    const got = receiver.got.slice(before);
    assert.equal(got.length, 4);
    for (const r of got) assert.match(r.body, /hello\+wOrld|hello%20wOrld|hello wOrld/);
  });

  it("fires '*' rules for any number and a numbered rule only for its own number", async () => {
    const who = await account();
    const star = await urlRule(who, { dedicated_number: '*' });
    const mine = await urlRule(who, { dedicated_number: '+61491570999' });
    const other = await urlRule(who, { dedicated_number: '+61491570888' });
    // A reply arrives on the number the message was sent from.
    const sent = await sendSms(s, [{ to: mobile(2), body: 'from my number', from: '+61491570999' }], who);
    const reply = await inbound(s, who, { from: mobile(2), body: 'yes', original_message_id: sent.body.data.messages[0].message_id });
    assert.equal(reply.to, '+61491570999');
    assert.deepEqual(await deliveredRules(s, who.id), [star, mine]);
    // A reply on the shared number meets only '*'.
    await inbound(s, who, { from: mobile(3), body: 'hi', original_message_id: (await sendSms(s, [{ to: mobile(3), body: 'shared' }], who)).body.data.messages[0].message_id });
    assert.deepEqual(await deliveredRules(s, who.id), [star, mine, star]);
    assert.ok(!(await deliveredRules(s, who.id)).includes(other));
  });

  it('skips disabled rules and fires at most 10 matching rules per message, oldest first', async () => {
    const who = await account();
    const disabled = await urlRule(who, { enabled: 0 });
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await urlRule(who, {}));
    await inbound(s, who, { from: mobile(4), body: 'many rules' });
    const fired = await deliveredRules(s, who.id);
    assert.deepEqual(fired, ids.slice(0, 10));
    assert.ok(!fired.includes(disabled));
  });

  it("never fires another account's rules on this account's messages", async () => {
    const mine = await account();
    const theirs = await account();
    await urlRule(theirs, {});
    await createRule(s, theirs, 'sms/inbound', { dedicated_number: '*', message_search_type: 0, action: 'EMAIL_FIXED', action_address: 'them@example.com' });
    await inbound(s, mine, { from: mobile(5), body: 'hello' });
    assert.deepEqual(await deliveredRules(s, theirs.id), []);
    assert.deepEqual(await deliveredRules(s, mine.id), []);
    assert.equal((await s.dbh.db.selectFrom('automation_actions').select('id').where('account_id', '=', theirs.id).execute()).length, 0);
  });

  it('fires SMS receipt rules by match_type: 0 and 3 all, 1 only Undelivered, 2 only Delivered', async () => {
    const who = await account();
    const rule = (match_type: number) => createRule(s, who, 'sms/receipts', { match_type, action: 'URL', action_address: receiver.url });
    const [all, failed, delivered, three] = [await rule(0), await rule(1), await rule(2), await rule(3)];
    const sent = await sendSms(
      s,
      [
        { to: SANDBOX.delivers, body: 'gets there' },
        { to: SANDBOX.failsPermanently, body: 'does not' },
      ],
      who,
    );
    const [ok, ko] = sent.body.data.messages.map((m: any) => m.message_id as string);
    await deliverAll();
    const rows = await s.dbh.db.selectFrom('webhook_deliveries').select(['rule_id', 'message_id', 'event_type']).where('account_id', '=', who.id).orderBy('id').execute();
    const byRule = (id: number) =>
      rows
        .filter((r) => Number(r.rule_id) === id)
        .map((r) => r.message_id)
        .sort();
    assert.deepEqual(byRule(all), [ok, ko].sort());
    assert.deepEqual(byRule(failed), [ko]);
    assert.deepEqual(byRule(delivered), [ok]);
    assert.deepEqual(byRule(three), [ok, ko].sort());
    assert.ok(rows.every((r) => r.event_type === 'sms.receipt'));
  });

  it('pushes the test helpers\' samples to their url, and stores only for url "poll"', async () => {
    const who = await account();
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    const before = receiver.got.length;
    const r = await s.request('POST', '/v3/sms/receipts', { as: who, body: { url: receiver.url } });
    assert.equal(r.status, 200);
    const i = await s.request('POST', '/v3/sms/inbound', { as: who, body: { url: receiver.url, webhook_type: 'json', from: mobile(6), body: 'sample' } });
    assert.equal(i.status, 200);
    assert.equal((await s.request('POST', '/v3/sms/receipts', { as: who, body: { url: 'poll' } })).status, 200);
    const rows = await s.dbh.db.selectFrom('webhook_deliveries').select(['rule_id', 'url', 'webhook_type', 'message_id']).where('account_id', '=', who.id).orderBy('id').execute();
    assert.deepEqual(
      rows.map((x) => [x.rule_id, x.url, x.webhook_type]),
      [
        [null, receiver.url, 'post'],
        [null, receiver.url, 'json'],
      ],
    );
    assert.equal(rows[1]!.message_id, i.body.data.message_id);
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    assert.equal(receiver.got.length - before, 2);
    assert.equal((await s.request('GET', '/v3/sms/receipts', { as: who })).body.data.total, 2, 'both test receipts are in the pull list');
  });
});
