import path from 'node:path';
import type { AppDeps } from './context.js';
import { AccountsService } from './modules/accounts/index.js';
import { LedgerService } from './modules/ledger/index.js';
import { loadPricingTable, PricingService } from './modules/pricing/index.js';
import { SubaccountsService } from './modules/subaccounts/index.js';
import { OutboxEmailProvider } from './providers/email/outbox.js';
import type { EmailProvider } from './providers/email/types.js';
import { Dispatcher } from './core/dispatch/index.js';
import { SafeFetcher } from './core/fetch/index.js';
import { LocalFileStore, type FileStore } from './core/files/index.js';
import { NotificationsService, systemEmailChannel } from './modules/notifications/index.js';

/** Every service, built once per app from its deps. Modules reach each other through here. */
export function buildServices(deps: AppDeps) {
  const { db } = deps.dbh;
  const ledger = new LedgerService(db, deps.clock);
  const emailProvider: EmailProvider = new OutboxEmailProvider(path.join(deps.config.dataDir, 'outbox'));
  const notifications = new NotificationsService(db, deps.clock);
  /** Built here, started by main/ (serve, worker) and the test server: building it claims nothing. */
  const dispatcher = new Dispatcher(db, { ...deps.config.dispatch, clock: deps.clock }).register(systemEmailChannel(emailProvider));
  // The one way the server fetches a user-supplied URL (file_urls, webhooks); holds a connection pool.
  const fetcher = new SafeFetcher({ allowPrivate: deps.config.allowPrivateUrls });
  const files: FileStore = new LocalFileStore(path.join(deps.config.dataDir, 'files'));
  const accounts = new AccountsService(db, deps.clock, deps.config, ledger, notifications);
  const subaccounts = new SubaccountsService(db, deps.clock, accounts.repo);
  // Read and checked now, so a malformed DATA_DIR/pricing.json stops start-up rather than a later request.
  const pricing = new PricingService(loadPricingTable(deps.config.dataDir), async (id) => (await accounts.repo.findAccount(id))?.currency);
  return {
    ledger,
    accounts,
    subaccounts,
    pricing,
    /** What core/auth reads to resolve credentials. */
    credentials: accounts.repo,
    emailProvider,
    notifications,
    dispatcher,
    fetcher,
    files,
  };
}

export type Services = ReturnType<typeof buildServices>;
