import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { emailCampaignDeliveryKey } from '../../src/modules/email-campaigns/index.js';
import type { TestServer } from './server.js';

type Who = { username: string; apiKey: string };
const as = (who?: Who) => (who ? { as: who } : {});

/** Every due row of every queue handled (the campaign job, then the emails it queued): runOnce() until nothing is claimed. */
export async function drain(s: TestServer): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await s.services.dispatcher.runOnce()).claimed === 0) return;
  throw new Error('the queues never emptied');
}

/**
 * An allowed address of the caller's account, verified the way a user does it: the token mailed through the system
 * queue (DISPATCH=0: runOnce delivers it to the outbox), read from the .eml, PUT back. Its email_address_id.
 */
export async function verifiedSender(s: TestServer, address: string, who?: Who): Promise<number> {
  const r = await s.request('POST', '/v3/email/addresses', { body: { email_address: address }, ...as(who) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const id = Number(r.body.data.email_address_id);
  assert.equal((await s.request('PUT', `/v3/email/address-verify/${id}/send`, as(who))).status, 200);
  await s.services.dispatcher.runOnce();
  const row = await s.dbh.db.selectFrom('system_emails').select('message_id').where('to_address', '=', address).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const mail = await simpleParser(fs.readFileSync(path.join(s.dataDir, 'outbox', `${row.message_id}.eml`)));
  const token = /activation_token: ([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
  assert.ok(token, 'the verification mail carries the token');
  const v = await s.request('PUT', `/v3/email/address-verify/${id}/verify/${token}`, as(who));
  assert.equal(v.status, 200, JSON.stringify(v.body));
  return id;
}

/** A new list of the caller's with these contacts (through the contacts API); its list_id. */
export async function emailList(s: TestServer, name: string, contacts: readonly Record<string, unknown>[], who?: Who): Promise<number> {
  const r = await s.request('POST', '/v3/lists', { body: { list_name: name }, ...as(who) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const listId = Number(r.body.data.list_id);
  for (const c of contacts) {
    const a = await s.request('POST', `/v3/lists/${listId}/contacts`, { body: c, ...as(who) });
    assert.equal(a.status, 200, JSON.stringify(a.body));
  }
  return listId;
}

export function campaignBody(listId: number, fromId: number, extra: Record<string, unknown> = {}) {
  return {
    name: 'Spring news',
    subject: 'Hello {FirstName}',
    body: '<p>Hi {FirstName} (Last Name),</p><p><a href="https://example.com/offer?a=1&amp;b=2">See the offer</a> or <a href="mailto:help@example.com">write</a>.</p>',
    from_email_address_id: fromId,
    from_name: 'Acme News',
    list_id: listId,
    ...extra,
  };
}

/** The campaign's per-recipient history (all of it, one page). */
export async function history(s: TestServer, campaignId: number, who?: Who): Promise<any[]> {
  const r = await s.request('GET', `/v3/email-campaigns/${campaignId}/history?limit=100`, as(who));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.data.data;
}

/** The captured email of a history item, parsed. */
export async function capturedEmail(s: TestServer, messageId: string): Promise<ParsedMail> {
  return simpleParser(fs.readFileSync(path.join(s.dataDir, 'outbox', `${emailCampaignDeliveryKey(messageId)}.eml`)));
}

/** The recipient's tracking token, read from its captured email's pixel. */
export function tokenOf(mail: ParsedMail): string {
  const m = /\/mail\/o\/([A-Za-z0-9_-]{22})/.exec(String(mail.html));
  assert.ok(m, 'the email carries the open pixel');
  return m[1]!;
}

export async function money(s: TestServer, accountId: number) {
  return { balance: await s.services.ledger.balance(accountId), ledger: await s.services.ledger.sumOfTransactions(accountId) };
}

/** `n` contacts with addresses person<i>@example.com in a list, written straight to the contacts table (20,000 in well under a second). */
export async function seedEmailContacts(s: TestServer, accountId: number, listId: number, n: number): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const rows = Array.from({ length: n }, (_, i) => ({ account_id: accountId, list_id: listId, email: `person${i}@example.com`, first_name: `Person${i}`, created_at: now, updated_at: now }));
  for (let i = 0; i < rows.length; i += 1000)
    await s.dbh.db
      .insertInto('contacts')
      .values(rows.slice(i, i + 1000))
      .execute();
}
