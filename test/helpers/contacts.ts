import assert from 'node:assert/strict';
import type { TestServer } from './server.js';

type Who = { username: string; apiKey: string };

/** A new list of the caller's account (the owner's by default); its record. */
export async function newList(s: TestServer, list_name = 'List', as?: Who, extra: Record<string, unknown> = {}) {
  const r = await s.request('POST', '/v3/lists', { body: { list_name, ...extra }, ...(as ? { as } : {}) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.data as { list_id: number; list_name: string; list_email_id: string; _contacts_count: number; _opt_out: number };
}

/** A new contact in the list; its record. */
export async function addContact(s: TestServer, listId: number, fields: Record<string, unknown>, as?: Who) {
  const r = await s.request('POST', `/v3/lists/${listId}/contacts`, { body: fields, ...(as ? { as } : {}) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.data as Record<string, any> & { contact_id: number };
}

/** A subaccount of the owner's account with the given access_contacts. */
export async function contactsSubaccount(s: TestServer, api_username: string, access_contacts: 0 | 1): Promise<Who> {
  const r = await s.request('POST', '/v3/subaccounts', {
    body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_contacts },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { username: api_username, apiKey: r.body.data.api_key as string };
}
