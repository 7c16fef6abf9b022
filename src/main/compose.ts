import type { AppDeps } from '../context.js';
import { Dispatcher } from '../core/dispatch/index.js';
import { SafeFetcher } from '../core/fetch/index.js';
import { CloseHooks, ModuleSet, type Module } from '../core/modules/index.js';
import { accountsModule } from '../modules/accounts/index.js';
import { automationsModule } from '../modules/automations/index.js';
import { contactsModule } from '../modules/contacts/index.js';
import { contactImportsModule } from '../modules/contacts/import/index.js';
import { automationFiringModule } from '../modules/automations/firing/index.js';
import { automationActionsModule } from '../modules/automations/actions/index.js';
import { emailAddressesModule } from '../modules/email-addresses/index.js';
import { emailCampaignsModule } from '../modules/email-campaigns/index.js';
import { emailSmsModule } from '../modules/email-sms/index.js';
import { emailTemplatesModule } from '../modules/email-templates/index.js';
import { emailModule } from '../modules/email/index.js';
import { filesModule } from '../modules/files/index.js';
import { idempotencyModule } from '../modules/idempotency/index.js';
import { ledgerModule } from '../modules/ledger/index.js';
import { lettersModule } from '../modules/letters/index.js';
import { notificationsModule } from '../modules/notifications/index.js';
import { detectAddressModule } from '../modules/post/detect-address/index.js';
import { postModule, postProofJobsModule, postTrackingModule } from '../modules/post/index.js';
import { postcardsModule } from '../modules/postcards/index.js';
import { pricingModule } from '../modules/pricing/index.js';
import { referenceModule } from '../modules/reference/index.js';
import { returnAddressesModule } from '../modules/return-addresses/index.js';
import { shortLinksModule } from '../modules/short-links/index.js';
import { smsTemplatesModule } from '../modules/sms-templates/index.js';
import { smsCampaignsModule } from '../modules/sms-campaigns/index.js';
import { smsModule } from '../modules/sms/index.js';
import { statisticsModule } from '../modules/statistics/index.js';
import { subaccountsModule } from '../modules/subaccounts/index.js';
import { uploadsModule } from '../modules/uploads/index.js';
import { webhooksModule } from '../modules/webhooks/index.js';

/**
 * The composition root: every module, built in order from what the platform and the modules above it
 * provide. Building claims nothing and listens nowhere: app.ts registers the routes (the API), main/
 * starts the dispatcher (serve, worker), and close() ends it all.
 */
export function compose(deps: AppDeps) {
  const { config, clock } = deps;
  const { db } = deps.dbh;
  const hooks = new CloseHooks();
  // The one way the server fetches a user-supplied URL (file_urls, webhooks); holds a connection pool.
  const fetcher = new SafeFetcher({ allowPrivate: config.allowPrivateUrls });
  hooks.add('fetcher', () => fetcher.close());

  // The modules, in order; a module's factory sees what the platform ({ config, db, clock, fetcher }) and the
  // modules above it provide (the compiler refuses a module listed before what it needs). Routes, dispatch
  // queues and periodic tasks are registered in this order; close hooks run in reverse.
  // To add a channel (MMS, voice, fax, email...): a folder under src/modules/ whose index.ts exports one factory
  // returning a Module (routes, queues, tasks, close), its migration in migrations/, and one `.add(...)` line here
  // (with its import above). Put it after every module it names in its factory's parameter: the compiler says if not.
  const { modules, provided } = ModuleSet.of({ config, db, clock, fetcher })
    .add(idempotencyModule) // first: its routes() gives Idempotency-Key to the routes registered after it marked `idempotent`
    .add(ledgerModule)
    .add(notificationsModule)
    .add(accountsModule)
    .add(subaccountsModule)
    .add(referenceModule)
    .add(pricingModule)
    .add(filesModule)
    .add(uploadsModule)
    .add(contactsModule) // after files (its exports) and uploads (the import's files); before sms, whose list_id reads it
    .add(contactImportsModule)
    .add(webhooksModule) // provides `webhooks` (the outbox) to the automations and the channels below
    .add(automationsModule)
    .add(automationFiringModule) // `automations`: inbound SMS and receipts fire rules through it (smsModule, below)
    .add(returnAddressesModule)
    .add(smsTemplatesModule)
    .add(postModule)
    .add(postcardsModule)
    .add(lettersModule)
    .add(postProofJobsModule)
    .add(postTrackingModule)
    .add(smsModule)
    .add(automationActionsModule) // after sms: AUTO_REPLY, SMS and GROUP_SMS send through its pipeline
    .add(emailSmsModule)
    .add(emailAddressesModule)
    .add(emailTemplatesModule)
    .add(emailModule) // transactional email: after emailAddressesModule (emailSenders)
    .add(emailCampaignsModule) // last of the email lines: reads emailSenders, emailTemplates, contactLists, emailProvider
    .add(shortLinksModule)
    .add(smsCampaignsModule)
    .add(statisticsModule)
    .add(detectAddressModule);
  for (const mod of modules) if (mod.close) hooks.add(mod.name, mod.close);

  /** Built here, started by main/ (serve, worker) and the test server: building it claims nothing. */
  const dispatcher = new Dispatcher(db, { ...config.dispatch, clock });
  for (const mod of modules) {
    for (const queue of mod.queues ?? []) dispatcher.register(queue);
    for (const task of mod.tasks ?? []) dispatcher.every(task);
  }
  // Registered last, so it runs first: whoever started the dispatcher, closing stops it (in-flight hand-offs finish)
  // before any module releases what those hand-offs use (the proof render threads, the fetcher).
  hooks.add('dispatcher', () => dispatcher.stop());

  return {
    modules: modules as readonly Module<object>[],
    /** What the modules provide, plus the dispatcher: for main/, tools and tests (modules never see this bag). */
    services: { ...provided, dispatcher },
    dispatcher,
    /** Stops the dispatcher, then closes every module in reverse order, then the fetcher. Idempotent. */
    close: () => hooks.close(),
  };
}

export type Composition = ReturnType<typeof compose>;
export type Services = Composition['services'];
