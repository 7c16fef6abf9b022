import assert from 'node:assert/strict';
import type { TestServer } from './server.js';
import { mobile } from './sms.js';

type Who = { username: string; apiKey: string };

/** A new contact list of the caller's account (POST /lists); its list_id. */
export async function createList(s: TestServer, name: string, as?: Who): Promise<number> {
  const r = await s.request('POST', '/v3/lists', { body: { list_name: name }, ...(as ? { as } : {}) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return Number(r.body.data.list_id);
}

/**
 * `n` contacts in a list, written straight to the contacts table in multi-row inserts (20,000 in well under a second):
 * phone numbers mobile(from + i), first names "Contact<i>". Returns nothing: read the list to see them.
 */
export async function seedContacts(s: TestServer, accountId: number, listId: number, n: number, opts: { from?: number; phone?: (i: number) => string | null } = {}): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const from = opts.from ?? 0;
  const rows = Array.from({ length: n }, (_, i) => ({
    account_id: accountId,
    list_id: listId,
    phone_number: opts.phone ? opts.phone(from + i) : mobile(from + i),
    first_name: `Contact${from + i}`,
    last_name: 'Seeded',
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await s.dbh.db
      .insertInto('contacts')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** A list of the owner's with `n` seeded contacts; its list_id. */
export async function seededList(s: TestServer, name: string, n: number): Promise<number> {
  const listId = await createList(s, name);
  await seedContacts(s, s.owner.accountId, listId, n);
  return listId;
}

/** The campaign's stored messages: how many, to how many distinct contacts. */
export async function campaignMessages(s: TestServer, campaignId: number): Promise<{ total: number; contacts: number }> {
  const r = await s.dbh.db
    .selectFrom('sms_messages')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('contact_id').distinct().as('contacts')])
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return { total: Number(r.total), contacts: Number(r.contacts) };
}

export async function createCampaign(s: TestServer, body: Record<string, unknown>, as?: Who) {
  return s.request('POST', '/v3/sms-campaigns/send', { body: { name: 'Campaign', body: 'Hello (First Name)', ...body }, ...(as ? { as } : {}) });
}
