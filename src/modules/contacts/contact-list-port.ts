import type { ContactListPort, ListContact } from '../../core/messaging/ports.js';
import type { ContactsRepository, Exec, StoredContact } from './contacts.repository.js';
import { newListEmailId } from './list-email-id.js';

/** Name of the opt-out list made for an account that has none when its first STOP arrives. */
export const OPT_OUT_LIST_NAME = 'Opt-Out List';

export function toListContact(c: StoredContact): ListContact {
  const { id, account_id: _a, created_at: _c, updated_at: _u, ...rest } = c;
  return { contact_id: Number(id), ...rest, list_id: Number(c.list_id) };
}

/** An address as the opt-out lists hold it: an E.164 number, or an e-mail compared ignoring case. */
function addressKey(address: string): { phone: string } | { emailLower: string } {
  return address.startsWith('+') ? { phone: address } : { emailLower: address.toLowerCase() };
}

/** The contacts module as every channel's list_id sees it (ContactListPort in the message core). */
export function contactListPort(repo: ContactsRepository): ContactListPort {
  return {
    async count(accountId, listId) {
      const list = await repo.findList(accountId, listId);
      if (!list) return null;
      return (await repo.countByList([listId])).get(listId) ?? 0;
    },

    async page(accountId, listId, afterContactId, limit) {
      const list = await repo.findList(accountId, listId);
      if (!list) return null;
      return (await repo.keysetPage(listId, afterContactId, limit)).map(toListContact);
    },

    async optedOut(exec, accountId, addresses) {
      const phones: string[] = [];
      const emails: string[] = [];
      for (const a of new Set(addresses)) {
        const key = addressKey(a);
        if ('phone' in key) phones.push(key.phone);
        else emails.push(key.emailLower);
      }
      const found = await repo.optedOut(exec, accountId, phones, emails);
      // Answered in the caller's spelling: a send compares the set with the addresses it holds.
      return new Set(addresses.filter((a) => found.phones.has(a) || found.emails.has(a.toLowerCase())));
    },

    async optOut(exec, accountId, address, now) {
      const list = (await repo.firstOptOutList(accountId, exec)) ?? (await createOptOutList(repo, exec, accountId, now));
      const key = addressKey(address);
      if (await repo.listHolds(exec, accountId, list.id, key)) return;
      await repo.insertContact(
        {
          account_id: accountId,
          list_id: list.id,
          ...emptyFields(),
          ...('phone' in key ? { phone_number: key.phone } : { email: address }),
          created_at: now,
          updated_at: now,
        },
        exec,
      );
    },
  };
}

function createOptOutList(repo: ContactsRepository, exec: Exec, accountId: number, now: number) {
  return repo.insertList({ account_id: accountId, subaccount_id: null, list_name: OPT_OUT_LIST_NAME, list_email_id: newListEmailId(), is_opt_out: 1, created_at: now, updated_at: now }, exec);
}

function emptyFields() {
  return {
    phone_number: null,
    email: null,
    fax_number: null,
    first_name: null,
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
  };
}
