import { ApiError } from '../errors/index.js';
import type { ContactListPort, ListContact } from './ports.js';
import type { MessageStatus } from './statuses.js';

/** The contact field a channel sends to: SMS, MMS and voice phone_number, fax fax_number, e-mail email. */
export type ContactAddressField = 'phone_number' | 'fax_number' | 'email';

/**
 * One message of a call after list expansion: the input as given, the contact it goes to (list sends and
 * campaigns), and the list it came from. `refused` is a status decided by the expansion itself (a list that
 * is not the account's), reported after the content checks as ClickSend orders them.
 */
export interface Target<In> {
  input: In;
  contact: ListContact | null;
  listId: number | null;
  refused?: MessageStatus;
}

/** Contacts read per page: one indexed keyset range read each (contacts (list_id, id)). */
const PAGE = 1000;
const MIN_PAGE = 100;

export interface Expansion {
  /** The lists, or undefined for a channel or deployment without them: every list_id is then refused. */
  lists: ContactListPort | undefined;
  /** The field the channel addresses; undefined = the channel does not send to lists. */
  field: ContactAddressField | undefined;
  accountId: number;
  /** Messages per call after expansion (1000 on /sms/send): more is TOO_MANY_RECIPIENTS for the whole call. */
  max: number;
}

/**
 * A send's messages with every `list_id` replaced by one message per contact of the list that has the
 * channel's address, in contact order. ClickSend: `list_id` overrides `to` when both are given
 * (channels.md §1.3, documented for voice; one rule for every channel here). A list that is not the
 * account's (or none) is one message refused with NOT_ENOUGH_PERMISSION_TO_LIST_ID; a list with nobody to
 * address is one INVALID_RECIPIENT (Sendbox's choice: the caller learns the list reached no one).
 *
 * Lists are read page by page and never past the call's limit: a list of 20,000 contacts sent through
 * /sms/send reads ~1000 of them before the call is refused, not the whole list.
 */
export async function expandLists<In extends { list_id?: number | null | undefined }>(messages: readonly In[], x: Expansion): Promise<Target<In>[]> {
  const out: Target<In>[] = [];
  for (const input of messages) {
    const listId = input.list_id;
    // list_id 0 names no list (ClickSend ids start at 1): the message is a plain `to` one.
    if (!listId) {
      out.push({ input, contact: null, listId: null });
      continue;
    }
    if (!x.lists || !x.field) {
      out.push({ input, contact: null, listId, refused: 'NOT_ENOUGH_PERMISSION_TO_LIST_ID' });
      continue;
    }
    const before = out.length;
    let after = 0;
    for (;;) {
      // One more than the call can take is enough to know it is too many without reading the rest of the list
      // (at least MIN_PAGE: contacts without the channel's address do not count, and tiny pages would crawl).
      const limit = Math.min(PAGE, Math.max(MIN_PAGE, x.max - out.length + 1));
      const page = await x.lists.page(x.accountId, listId, after, limit);
      if (page === null) {
        out.push({ input, contact: null, listId, refused: 'NOT_ENOUGH_PERMISSION_TO_LIST_ID' });
        break;
      }
      for (const contact of page) {
        const address = contact[x.field];
        if (address !== null && address.trim() !== '') out.push({ input, contact, listId });
      }
      tooMany(out.length, x.max, messages.length);
      if (page.length < limit) break;
      after = page[page.length - 1]!.contact_id;
    }
    if (out.length === before) out.push({ input, contact: null, listId, refused: 'INVALID_RECIPIENT' });
  }
  tooMany(out.length, x.max, messages.length);
  return out;
}

function tooMany(count: number, max: number, given: number): void {
  if (count > max) {
    throw new ApiError('TOO_MANY_RECIPIENTS', `messages has ${given} items that reach more than ${max} recipients once list_id is expanded to its contacts; at most ${max} are accepted per call.`);
  }
}

/** Campaign batches and other pre-read contacts: one message per contact, the template filled for each. */
export function contactTargets<In>(template: In, contacts: readonly ListContact[]): Target<In>[] {
  return contacts.map((contact) => ({ input: template, contact, listId: contact.list_id }));
}
