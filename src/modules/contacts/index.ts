import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { ContactListPort } from '../../core/messaging/ports.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { AccountsRepository } from '../accounts/index.js';
import { contactListPort } from './contact-list-port.js';
import { latestImports } from './import/index.js';
import { ContactsExport } from './contacts.export.js';
import { ContactsRepository } from './contacts.repository.js';
import { contactsRoutes } from './contacts.routes.js';
import { ContactsService } from './contacts.service.js';
import { ListsService } from './lists.service.js';
import { listsRoutes } from './lists.routes.js';
import { ContactSearch } from './contacts.search.js';
import { searchRoutes } from './search.routes.js';

export { CONTACT_FIELDS, MAX_FIELD_LENGTH, normaliseContact, phoneE164, reachable, type ContactField, type ContactInput, type NormalisedContact } from './contact-fields.js';
export { OPT_OUT_LIST_NAME } from './contact-list-port.js';
export { ContactsRepository } from './contacts.repository.js';
export { ListsService } from './lists.service.js';
export { ContactsService } from './contacts.service.js';
export { ContactsExport, EXPORT_COLUMNS } from './contacts.export.js';
export type { ContactFields, ContactListRow, ContactRow } from './contacts.tables.js';

/**
 * Contact lists and their contacts (/lists…, /search/contacts-lists, /contact-suggestions), and `contactLists`:
 * the ContactListPort every channel's list_id expands through (and STOP adds to). Subaccounts need access_contacts.
 */
export function contactsModule(d: {
  db: Db;
  clock: Clock;
  config: Config;
  credentials: AccountsRepository;
  files: FileStore;
}): Module<{ contactLists: ContactListPort; contactsRepository: ContactsRepository; lists: ListsService; contacts: ContactsService; contactsExport: ContactsExport }> {
  const repo = new ContactsRepository(d.db);
  const accountCountry = async (id: number) => (await d.credentials.findAccount(id))?.country;
  const lists = new ListsService(repo, d.clock, (accountId, listIds) => latestImports(d.db, d.config.publicUrl, accountId, listIds));
  const contacts = new ContactsService(repo, lists, d.clock, accountCountry);
  const exporter = new ContactsExport(repo, lists, d.files, d.config.publicUrl);
  const search = new ContactSearch(d.db, accountCountry);
  return {
    name: 'contacts',
    provides: { contactLists: contactListPort(repo), contactsRepository: repo, lists, contacts, contactsExport: exporter },
    routes(app) {
      listsRoutes(app, { config: d.config, lists, contacts, exporter });
      contactsRoutes(app, { config: d.config, contacts });
      searchRoutes(app, { config: d.config, search });
    },
  };
}
