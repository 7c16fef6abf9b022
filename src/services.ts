import path from 'node:path';
import type { AppDeps } from './context.js';
import { AccountsService, type Notifier } from './modules/accounts/index.js';
import { LedgerService } from './modules/ledger/index.js';
import { SubaccountsService } from './modules/subaccounts/index.js';
import { OutboxEmailProvider } from './providers/email/outbox.js';
import type { EmailProvider } from './providers/email/types.js';
import { newMessageId } from './core/util/ids.js';

/** Every service, built once per app from its deps. Modules reach each other through here. */
export function buildServices(deps: AppDeps) {
  const { db } = deps.dbh;
  const ledger = new LedgerService(db, deps.clock);
  const emailProvider: EmailProvider = new OutboxEmailProvider(path.join(deps.config.dataDir, 'outbox'));
  const notifier: Notifier = {
    email: (m) => emailProvider.send({ to: m.to, subject: m.subject, text: m.text }, `${Date.now()}-${newMessageId()}`),
  };
  const accounts = new AccountsService(db, deps.clock, deps.config, ledger, notifier);
  const subaccounts = new SubaccountsService(db, deps.clock, accounts.repo);
  return {
    ledger,
    accounts,
    subaccounts,
    /** What core/auth reads to resolve credentials. */
    credentials: accounts.repo,
    emailProvider,
    notifier,
  };
}

export type Services = ReturnType<typeof buildServices>;
