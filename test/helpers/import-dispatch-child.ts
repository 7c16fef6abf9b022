/**
 * A dispatcher process for the contact-import crash test: the real contact_imports queue (the FileStore in DATA_DIR,
 * the SafeFetcher, CONTACT_IMPORT_BATCH from the env), nothing else. Says `ready <id>`; stops gracefully on SIGTERM.
 */
import { SafeFetcher } from '../../src/core/fetch/index.js';
import { systemClock } from '../../src/core/util/clock.js';
import { contactImportsPart } from '../../src/modules/contacts/import/index.js';
import { filesModule } from '../../src/modules/files/index.js';
import { childDispatcher } from './child-dispatcher.js';

const child = childDispatcher(0);
const { config, dbh, dispatcher } = child;
const { files } = filesModule({ db: dbh.db, clock: systemClock, config }).provides!;
const part = contactImportsPart({ db: dbh.db, clock: systemClock, config, files, fetcher: new SafeFetcher() });
for (const queue of part.queues) dispatcher.register(queue);
child.run();
