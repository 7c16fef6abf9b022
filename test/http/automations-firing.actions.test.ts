import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { claimDue } from '../../src/core/dispatch/index.js';
import { automationActionsQueue, AutomationActionsRepository } from '../../src/modules/automations/actions/index.js';
import { accountIdOf, actionsOf, createRule, inbound, outbound, type Who } from '../helpers/automations-firing.js';
import { addContact, newList } from '../helpers/contacts.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile, money, SANDBOX, sendSms } from '../helpers/sms.js';

/** What the non-URL actions do: sends charged and in history, emails in the outbox, contact changes, once only. */
describe('automation rule actions', () => {
  let s: TestServer;
  let t = Date.UTC(2030, 5, 1);
  let n = 0;
  const clock = { nowMs: () => t };
  const account = async (): Promise<Who & { id: number }> => {
    const who = await s.createAccount(`actions-${++n}`);
    return { ...who, id: await accountIdOf(s, who) };
  };
  const inboundRule = (who: Who, body: Record<string, unknown>) => createRule(s, who, 'sms/inbound', { dedicated_number: '*', message_search_type: 0, ...body });
  const runAll = async () => {
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
  };
  /** Runs every queue, lets the receipts come due and applies them (sandbox replies arrive), and runs the queues again. */
  const deliverAll = async () => {
    await runAll();
    t += 1_000;
    while ((await s.services.sms.receiptSweep.runOnce()) > 0);
    await runAll();
  };
  const outboxFile = (actionId: number) => fs.readFileSync(path.join(s.dataDir, 'outbox', `automation-action-${actionId}.eml`), 'utf8');

  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0', SMS_RECEIPT_DELAY_MS: '1000' } });
  });
  after(() => s.close());

  it('AUTO_REPLY answers from the number the message arrived on, charged like any send and in history', async () => {
    const who = await account();
    await inboundRule(who, { action: 'AUTO_REPLY', action_address: 'unused when body is set', body: 'Thanks, we got it' });
    const before = await money(s, who.id);
    const msg = await inbound(s, who, { from: mobile(10), body: 'hello' });
    await runAll();
    const sent = await outbound(s, who);
    assert.deepEqual(
      sent.map((m) => [m.to, m.body, m.from]),
      [[mobile(10), 'Thanks, we got it', msg.to]],
    );
    const now = await money(s, who.id);
    assert.ok(now.balance < before.balance, 'the reply is charged');
    assert.equal(now.balance, now.ledger);
    const [action] = await actionsOf(s, who.id);
    assert.equal(action?.status, 'Sent');
    assert.equal(JSON.parse(action!.result!).message_id, sent[0]!.message_id);
  });

  it("SMS forwards the reply to action_address, charged; a refused send (opted out) is the action's failure", async () => {
    const who = await account();
    await inboundRule(who, { action: 'SMS', action_address: mobile(12) });
    await inboundRule(who, { action: 'AUTO_REPLY', action_address: 'Sorry to see you go' });
    await inbound(s, who, { from: mobile(11), body: 'STOP' });
    await runAll();
    assert.deepEqual(
      (await outbound(s, who)).map((m) => [m.to, m.body]),
      [[mobile(12), `Reply from ${mobile(11)}: STOP`]],
    );
    const [forward, reply] = await actionsOf(s, who.id);
    assert.equal(forward?.status, 'Sent');
    assert.equal(reply?.status, 'Failed');
    assert.match(reply!.last_error ?? '', /refused: INVALID_RECIPIENT/);
  });

  it('EMAIL_FIXED and EMAIL_USER write the reply to the outbox, EMAIL_USER to the from_email of the message replied to', async () => {
    const who = await account();
    await inboundRule(who, { action: 'EMAIL_FIXED', action_address: 'desk@example.com' });
    await inboundRule(who, { action: 'EMAIL_USER', action_address: '' });
    // The sandbox number that replies: its reply is stored by the receipt sweep and fires the rules there.
    await sendSms(s, [{ to: SANDBOX.replies, body: 'Are you coming?', from_email: 'boss@example.com' }], who);
    await deliverAll();
    const [fixed, user] = await actionsOf(s, who.id);
    assert.deepEqual([fixed?.status, user?.status], ['Sent', 'Sent']);
    const a = outboxFile(Number(fixed!.id));
    const b = outboxFile(Number(user!.id));
    assert.match(a, /^To: desk@example\.com/m);
    assert.match(b, /^To: boss@example\.com/m);
    for (const eml of [a, b]) {
      assert.match(eml, new RegExp(`You've received a reply from \\${SANDBOX.replies}:`));
      assert.match(eml, /Original Message on .*:\r?\nAre you coming\?/);
    }
  });

  it('a receipt rule with EMAIL_FIXED writes a short receipt notice for the receipts it matches', async () => {
    const who = await account();
    await createRule(s, who, 'sms/receipts', { match_type: 1, action: 'EMAIL_FIXED', action_address: 'ops@example.com' });
    const sent = await sendSms(
      s,
      [
        { to: SANDBOX.failsPermanently, body: 'will fail', custom_string: 'order-7' },
        { to: SANDBOX.delivers, body: 'will arrive' },
      ],
      who,
    );
    await deliverAll();
    const actions = await actionsOf(s, who.id);
    assert.deepEqual(
      actions.map((a) => [a.rule_kind, a.status]),
      [['sms_receipt', 'Sent']],
    );
    const eml = outboxFile(Number(actions[0]!.id));
    assert.match(eml, /^To: ops@example\.com/m);
    assert.match(eml, new RegExp(`Delivery receipt for your SMS to \\${SANDBOX.failsPermanently}: Undelivered\\.`));
    assert.match(eml, /Error: 8 Unknown subscriber/);
    assert.match(eml, new RegExp(`Message id: ${sent.body.data.messages[0].message_id}`));
    assert.match(eml, /Custom string: order-7/);
  });

  it('CREATE_CONTACT_PLUS_NAME_EMAIL adds the replier with the name and e-mail in the text, once; MOVE_CONTACT moves the replier', async () => {
    const who = await account();
    const signups = await newList(s, 'Signups', who);
    await inboundRule(who, { action: 'CREATE_CONTACT_PLUS_NAME_EMAIL', action_address: String(signups.list_id), message_search_type: 1, message_search_term: 'join' });
    await inbound(s, who, { from: mobile(20), body: 'JOIN Jo Citizen jo@Example.com' });
    // Run apart: the dispatcher runs a batch's actions side by side, so two events' actions have no order.
    await runAll();
    await inbound(s, who, { from: mobile(20), body: 'join again' });
    await runAll();
    const contacts = (await s.request('GET', `/v3/lists/${signups.list_id}/contacts`, { as: who })).body.data.data;
    assert.equal(contacts.length, 1);
    assert.deepEqual([contacts[0].phone_number, contacts[0].email], [mobile(20), 'jo@example.com']);
    assert.equal((await actionsOf(s, who.id)).map((a) => JSON.parse(a.result!).first_name).join(','), 'Jo,again');
    assert.deepEqual([contacts[0].first_name, contacts[0].last_name], ['again', 'Citizen'], 'the second reply renames what it names; the keyword is no name');

    // Two replies of one sender whose actions run side by side still add one contact (the list is locked meanwhile).
    await inbound(s, who, { from: mobile(22), body: 'join Al' });
    await inbound(s, who, { from: mobile(22), body: 'join Bo' });
    await runAll();
    const all = (await s.request('GET', `/v3/lists/${signups.list_id}/contacts`, { as: who })).body.data.data;
    assert.equal(all.filter((c: any) => c.phone_number === mobile(22)).length, 1);

    const leads = await newList(s, 'Leads', who);
    const won = await newList(s, 'Won', who);
    await addContact(s, leads.list_id, { phone_number: mobile(21), first_name: 'Kim' }, who);
    await inboundRule(who, { action: 'MOVE_CONTACT', action_address: String(won.list_id), message_search_type: 2, message_search_term: 'yes' });
    await inbound(s, who, { from: mobile(21), body: 'Yes please' });
    await runAll();
    assert.equal((await s.request('GET', `/v3/lists/${leads.list_id}/contacts`, { as: who })).body.data.total, 0);
    const moved = (await s.request('GET', `/v3/lists/${won.list_id}/contacts`, { as: who })).body.data.data;
    assert.deepEqual(
      moved.map((c: any) => [c.phone_number, c.first_name]),
      [[mobile(21), 'Kim']],
    );
  });

  it('GROUP_SMS re-sends the reply to the other contacts of the list, charged, named by the sender', async () => {
    const who = await account();
    const group = await newList(s, 'Team', who);
    for (const [i, name] of [
      [30, 'Ann'],
      [31, 'Ben'],
      [32, 'Cat'],
    ] as const)
      await addContact(s, group.list_id, { phone_number: mobile(i), first_name: name }, who);
    await inboundRule(who, { action: 'GROUP_SMS', action_address: String(group.list_id) });
    const before = await money(s, who.id);
    const msg = await inbound(s, who, { from: mobile(30), body: 'See you at 5' });
    await runAll();
    const sent = await outbound(s, who);
    assert.deepEqual(sent.map((m) => m.to).sort(), [mobile(31), mobile(32)]);
    for (const m of sent) assert.deepEqual([m.body, m.from], ['Ann: See you at 5', msg.to]);
    assert.ok((await money(s, who.id)).balance < before.balance);
  });

  it("does not answer a sandbox number's automatic answer to an automation's own message (no loop)", async () => {
    const who = await account();
    await inboundRule(who, { action: 'AUTO_REPLY', action_address: 'Auto: thanks' });
    await sendSms(s, [{ to: SANDBOX.replies, body: 'Hi there' }], who);
    await deliverAll(); // the sandbox reply arrives: AUTO_REPLY answers it
    await deliverAll(); // the sandbox number answers the auto-reply too: that fires no AUTO_REPLY
    await deliverAll();
    assert.equal((await actionsOf(s, who.id)).length, 1);
    assert.deepEqual((await outbound(s, who)).map((m) => m.body).sort(), ['Auto: thanks', 'Hi there']);
  });

  it('sends once when an action is run again after a crash (its effect committed, its outcome not recorded)', async () => {
    const who = await account();
    await inboundRule(who, { action: 'AUTO_REPLY', action_address: 'Once only' });
    await inbound(s, who, { from: mobile(40), body: 'hello' });
    const queue = automationActionsQueue({
      repo: new AutomationActionsRepository(s.dbh.db),
      send: s.services.sms.send,
      credentials: s.services.credentials,
      email: s.services.emailProvider,
      emailSmsDomain: s.config.emailSms.domain,
    });
    const [row] = await claimDue(s.dbh.db, { table: 'automation_actions', dispatcherId: 'crashed', nowMs: t, leaseMs: 30_000, limit: 10 });
    assert.ok(row);
    const ctx = { idempotencyKey: `automation-action-${row.id}`, attempt: 1, dispatcherId: 'crashed', nowMs: t };
    assert.equal((await queue.handle(row as any, ctx))?.result, 'sent');
    // The same claim run again (a stalled hand-off): its mark finds the action done, and its send rolls back.
    assert.equal((await queue.handle(row as any, ctx))?.result, 'sent');
    // The dispatcher died before recording the outcome: after the lease, another claims it and finds the result.
    t += 60_000;
    await runAll();
    const sent = await outbound(s, who);
    assert.deepEqual(
      sent.map((m) => [m.to, m.body]),
      [[mobile(40), 'Once only']],
    );
    const [action] = await actionsOf(s, who.id);
    assert.equal(action?.status, 'Sent');
    assert.equal(JSON.parse(action!.result!).message_id, sent[0]!.message_id);
    const m = await money(s, who.id);
    assert.equal(m.balance, m.ledger);
  });
});
