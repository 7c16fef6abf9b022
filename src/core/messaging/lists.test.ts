import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors/index.js';
import { contactTargets, expandLists } from './lists.js';
import type { ContactListPort, ListContact } from './ports.js';

/**
 * The list port as the core sees it, over arrays the test owns (the contacts module's implementation over SQL
 * is exercised by test/http/sms-lists*.test.ts). It records what it was asked, to show reads stop at the limit.
 */
function arrayLists(lists: Record<number, { accountId: number; contacts: ListContact[] }>) {
  const reads: number[] = [];
  const port: ContactListPort = {
    async count(accountId, listId) {
      const l = lists[listId];
      return l && l.accountId === accountId ? l.contacts.length : null;
    },
    async page(accountId, listId, after, limit) {
      const l = lists[listId];
      if (!l || l.accountId !== accountId) return null;
      const rows = l.contacts.filter((c) => c.contact_id > after).slice(0, limit);
      reads.push(rows.length);
      return rows;
    },
    async optedOut() {
      return new Set();
    },
    async optOut() {},
  };
  return { port, reads };
}

let nextId = 1;
function person(listId: number, fields: Partial<ListContact> = {}): ListContact {
  const id = nextId++;
  return {
    contact_id: id,
    list_id: listId,
    phone_number: `+6141100${String(id).padStart(4, '0')}`,
    email: null,
    fax_number: null,
    first_name: `P${id}`,
    last_name: null,
    organization_name: null,
    address_line_1: null,
    address_line_2: null,
    address_city: null,
    address_state: null,
    address_postal_code: null,
    address_country: null,
    custom_1: null,
    custom_2: null,
    custom_3: null,
    custom_4: null,
    ...fields,
  };
}

const ACCOUNT = 1;

describe('expandLists', () => {
  it('replaces a list_id by one message per contact with the channel address, in contact order; list_id overrides to', async () => {
    const contacts = [person(10), person(10, { phone_number: null, email: 'a@b.c' }), person(10, { phone_number: '  ' }), person(10)];
    const { port } = arrayLists({ 10: { accountId: ACCOUNT, contacts } });
    const msgs = [{ to: '+61411111111' }, { to: '+61422222222', list_id: 10 }, { list_id: 0, to: '+61433333333' }];
    const out = await expandLists(msgs, { lists: port, field: 'phone_number', accountId: ACCOUNT, max: 1000 });
    assert.deepEqual(
      out.map((t) => [t.input, t.contact?.contact_id ?? null, t.listId, t.refused]),
      [
        [msgs[0], null, null, undefined],
        [msgs[1], contacts[0]!.contact_id, 10, undefined],
        [msgs[1], contacts[3]!.contact_id, 10, undefined],
        [msgs[2], null, null, undefined],
      ],
    );
    const byEmail = await expandLists([{ list_id: 10 }], { lists: port, field: 'email', accountId: ACCOUNT, max: 1000 });
    assert.deepEqual(
      byEmail.map((t) => t.contact?.email),
      ['a@b.c'],
    );
  });

  it("refuses another account's list, an unknown list, and every list when lists are not served", async () => {
    const { port } = arrayLists({ 10: { accountId: 2, contacts: [person(10)] } });
    for (const x of [
      { lists: port, field: 'phone_number' as const, listId: 10 },
      { lists: port, field: 'phone_number' as const, listId: 99 },
      { lists: undefined, field: 'phone_number' as const, listId: 10 },
      { lists: port, field: undefined, listId: 10 },
    ]) {
      const out = await expandLists([{ list_id: x.listId }], { lists: x.lists, field: x.field, accountId: ACCOUNT, max: 1000 });
      assert.deepEqual(out, [{ input: { list_id: x.listId }, contact: null, listId: x.listId, refused: 'NOT_ENOUGH_PERMISSION_TO_LIST_ID' }]);
    }
  });

  it('gives a list that reaches nobody one INVALID_RECIPIENT message', async () => {
    const { port } = arrayLists({ 11: { accountId: ACCOUNT, contacts: [person(11, { phone_number: null, email: 'x@y.z' })] }, 12: { accountId: ACCOUNT, contacts: [] } });
    for (const listId of [11, 12]) {
      const out = await expandLists([{ list_id: listId }], { lists: port, field: 'phone_number', accountId: ACCOUNT, max: 1000 });
      assert.deepEqual(
        out.map((t) => [t.listId, t.refused]),
        [[listId, 'INVALID_RECIPIENT']],
      );
    }
  });

  it('pages through a long list by contact id', async () => {
    const contacts = Array.from({ length: 2345 }, () => person(20));
    const { port, reads } = arrayLists({ 20: { accountId: ACCOUNT, contacts } });
    const out = await expandLists([{ list_id: 20 }], { lists: port, field: 'phone_number', accountId: ACCOUNT, max: 5000 });
    assert.deepEqual(
      out.map((t) => t.contact!.contact_id),
      contacts.map((c) => c.contact_id),
    );
    assert.deepEqual(reads, [1000, 1000, 345]);
  });

  it('refuses a call whose lists reach more than the limit, without reading the whole list', async () => {
    const contacts = Array.from({ length: 20_000 }, () => person(30));
    const { port, reads } = arrayLists({ 30: { accountId: ACCOUNT, contacts } });
    const plain: Array<{ to?: string; list_id?: number }> = Array.from({ length: 400 }, (_, i) => ({ to: `+6141234${String(i).padStart(4, '0')}` }));
    await assert.rejects(
      expandLists([...plain, { list_id: 30 }], { lists: port, field: 'phone_number', accountId: ACCOUNT, max: 1000 }),
      (e: unknown) => e instanceof ApiError && e.responseCode === 'TOO_MANY_RECIPIENTS' && /more than 1000 recipients/.test(e.message),
    );
    assert.ok(reads.reduce((a, b) => a + b, 0) <= 1000, `read ${reads.join('+')} contacts`);
    // Exactly the limit is accepted.
    const exact = await expandLists([...plain, { list_id: 30 }].slice(0, 400), { lists: port, field: 'phone_number', accountId: ACCOUNT, max: 1000 });
    assert.equal(exact.length, 400);
    const { port: small } = arrayLists({ 31: { accountId: ACCOUNT, contacts: contacts.slice(0, 600) } });
    assert.equal((await expandLists([...plain, { list_id: 31 }], { lists: small, field: 'phone_number', accountId: ACCOUNT, max: 1000 })).length, 1000);
  });
});

describe('contactTargets', () => {
  it('makes one message per contact from the template, with the contact and its list', () => {
    const cs = [person(40), person(40, { phone_number: null })];
    const template = { body: 'Hi (First Name)' };
    assert.deepEqual(contactTargets(template, cs), [
      { input: template, contact: cs[0], listId: 40 },
      { input: template, contact: cs[1], listId: 40 },
    ]);
  });
});
