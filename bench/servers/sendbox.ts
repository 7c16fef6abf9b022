/**
 * The real Sendbox app, built as `sendbox serve` builds it (config from env, migrated database, dispatcher
 * running, log level info), on a temporary DATA_DIR with SQLite, or a fresh PostgreSQL database when
 * DATABASE_URL is set. Reports an owner's credentials so the parent can call authenticated routes.
 */
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

try {
  const { dbh, services, listen } = await benchApp('sendbox-bench-');
  const owner = await createOwnerAccount(services, { username: 'benchowner', email: 'bench@example.com', country: 'AU' });
  await listen((origin) => ({ origin, username: owner.username, apiKey: owner.apiKey, dialect: dbh.dialect }));
} catch (err) {
  reportFailure(err);
}
