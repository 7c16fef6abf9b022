import { CONTACT_FIELDS, type ContactFields, type ContactsRepository } from '../../contacts/index.js';
import type { AutomationActionsRepository } from './actions.repository.js';
import { failure, Superseded, type ActionJob, type ActionResult } from './actions.types.js';

const EMAIL = /[^\s@<>(),;:"']+@[^\s@<>(),;:"']+\.[^\s@<>(),;:"'.]+/;
const NAME_MAX = 100;

/** The e-mail address in a reply's text ("Add me: jo@example.com"), or null. */
export function emailIn(body: string): string | null {
  return EMAIL.exec(body)?.[0]?.toLowerCase() ?? null;
}

/** The name in a reply's text: what is left without the e-mail address; first word first name, the rest last name. */
export function nameIn(body: string): { first_name: string | null; last_name: string | null } {
  const words = body.replace(EMAIL, ' ').replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  return { first_name: words[0]?.slice(0, NAME_MAX) ?? null, last_name: words.length > 1 ? words.slice(1).join(' ').slice(0, NAME_MAX) : null };
}

/** The text after the keyword a "starts with" rule matched ("JOIN Jo Citizen" → "Jo Citizen"): the keyword is no name. */
export function withoutKeyword(body: string, keyword: string | null): string {
  const text = body.trimStart();
  return keyword && text.toLowerCase().startsWith(keyword.toLowerCase()) ? text.slice(keyword.length) : body;
}

function listIdOf(address: string): number | null {
  const n = Number(address.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The contact actions, each in one transaction with the action's completion mark (so a re-run finds it done and
 * changes nothing again): MOVE_CONTACT and CREATE_CONTACT(_PLUS_EMAIL, _PLUS_NAME, _PLUS_NAME_EMAIL). The replier is
 * the inbound message's sender; action_address is the list id (of this account: another account's is not found).
 */
export async function runContactAction(job: ActionJob, repo: AutomationActionsRepository, contacts: ContactsRepository | undefined): Promise<ActionResult> {
  if (job.event.type !== 'sms.inbound') return failure(`${job.action} needs an inbound SMS (the replier); this rule fired on a ${job.event.type} event.`);
  if (!contacts) return failure('contact lists are not served by this server.');
  const listId = listIdOf(job.address);
  if (listId === null) return failure(`action_address "${job.address}" is not a list id.`);
  const phone = job.event.from;
  const body = withoutKeyword(job.event.body, job.ruleKeyword);
  return repo.transaction(async (trx) => {
    const list = await contacts.lockList(trx, job.accountId, listId);
    let result: ActionResult;
    if (!list) result = failure(`list ${listId} was not found in this account.`);
    else if (job.action === 'MOVE_CONTACT') {
      // A move leaves one contact of the replier in the list and none elsewhere: the oldest other moves, unless the list has one already; the rest are removed.
      const mine = await contacts.contactsByPhone(trx, job.accountId, phone);
      const inList = mine.filter((c) => Number(c.list_id) === listId);
      const others = mine.filter((c) => Number(c.list_id) !== listId).map((c) => Number(c.id));
      const move = inList.length === 0 ? others.slice(0, 1) : [];
      await contacts.moveContactsTo(trx, job.accountId, move, listId, job.nowS);
      await contacts.deleteContactsByIds(trx, job.accountId, others.slice(move.length));
      result = { ok: true, list_id: listId, moved: move, removed: others.slice(move.length) };
    } else {
      const fields: Partial<ContactFields> = {};
      if (job.action === 'CREATE_CONTACT_PLUS_EMAIL' || job.action === 'CREATE_CONTACT_PLUS_NAME_EMAIL') {
        const email = emailIn(body);
        if (email) fields.email = email;
      }
      if (job.action === 'CREATE_CONTACT_PLUS_NAME' || job.action === 'CREATE_CONTACT_PLUS_NAME_EMAIL') {
        const name = nameIn(body);
        if (name.first_name) fields.first_name = name.first_name;
        if (name.last_name) fields.last_name = name.last_name;
      }
      const existing = (await contacts.contactsByPhone(trx, job.accountId, phone)).find((c) => Number(c.list_id) === listId);
      if (existing) {
        // Already in the list: what the reply tells (an e-mail, a name) updates it; no second contact.
        if (Object.keys(fields).length > 0) await contacts.patchContact(trx, job.accountId, Number(existing.id), fields, job.nowS);
        result = { ok: true, list_id: listId, contact_id: Number(existing.id), created: false, ...fields };
      } else {
        const empty = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, null])) as unknown as ContactFields;
        const row = await contacts.insertContact({ ...empty, ...fields, phone_number: phone, account_id: job.accountId, list_id: listId, created_at: job.nowS, updated_at: job.nowS }, trx);
        result = { ok: true, list_id: listId, contact_id: Number(row.id), created: true, ...fields };
      }
    }
    if (!(await repo.complete(trx, job.claim, result, job.nowS))) throw new Superseded();
    return result;
  });
}
