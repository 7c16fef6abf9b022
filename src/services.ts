import path from 'node:path';
import type { AppDeps } from './context.js';
import { AccountsService } from './modules/accounts/index.js';
import { LedgerService } from './modules/ledger/index.js';
import { loadPricingTable, PricingService } from './modules/pricing/index.js';
import { SubaccountsService } from './modules/subaccounts/index.js';
import { UploadsService } from './modules/uploads/index.js';
import { ReturnAddressesService } from './modules/return-addresses/index.js';
import { SmsTemplatesService } from './modules/sms-templates/index.js';
import { StatisticsService } from './modules/statistics/index.js';
import { OutboxEmailProvider } from './providers/email/outbox.js';
import type { EmailProvider } from './providers/email/types.js';
import { Dispatcher } from './core/dispatch/index.js';
import { SafeFetcher } from './core/fetch/index.js';
import { ExpiringFileStore, LocalFileStore, type FileStore } from './core/files/index.js';
import { GeneratedFilesService } from './modules/files/index.js';
import { NotificationsService, systemEmailChannel } from './modules/notifications/index.js';
import { PostcardsService, postcardsChannel, makePostcardProofs } from './modules/postcards/index.js';
import { LettersService, lettersChannel, makeLetterProofs } from './modules/letters/index.js';
import { ModuleProofKit, proofJobsChannel, type PostDeps } from './modules/post/pipeline/index.js';
import { PrintHouseProvider } from './providers/post/print-house.js';
import { buildSms, registerSmsDispatch } from './modules/sms/index.js';
import { SimulatedSmsProvider } from './providers/sms/simulated.js';

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
  const disk = new LocalFileStore(path.join(deps.config.dataDir, 'files'));
  // Generated files (exports) get a deletion date as they are written; the sweep deletes them EXPORT_TTL later.
  const generatedFiles = new GeneratedFilesService(db, deps.clock, deps.config, disk);
  dispatcher.every(generatedFiles.sweepTask());
  const files: FileStore = new ExpiringFileStore(disk, generatedFiles);
  const uploads = new UploadsService(db, deps.clock, deps.config, files);
  // Expired uploads are deleted wherever a dispatcher runs (serve, sendbox worker), at its start and every UPLOAD_SWEEP_INTERVAL.
  dispatcher.every(uploads.sweepTask());
  const accounts = new AccountsService(db, deps.clock, deps.config, ledger, notifications);
  const subaccounts = new SubaccountsService(db, deps.clock, accounts.repo);
  const returnAddresses = new ReturnAddressesService(db, deps.clock);
  const smsTemplates = new SmsTemplatesService(db, deps.clock);
  const statistics = new StatisticsService(db, deps.clock, async (id) => (await accounts.repo.findAccount(id))?.currency);
  // Read and checked now, so a malformed DATA_DIR/pricing.json stops start-up rather than a later request.
  const pricing = new PricingService(loadPricingTable(deps.config.dataDir), async (id) => (await accounts.repo.findAccount(id))?.currency);
  // Post: postcards and letters share one pipeline. Proofs render after the response (post_proofs channel); the print
  // hand-off (DATA_DIR/print) is the default post provider.
  const postDeps: PostDeps = { db, clock: deps.clock, config: deps.config, fetcher, files, ledger, pricing, returnAddresses, proofs: new ModuleProofKit({ workers: deps.config.post.workers }), accountCurrency: async (id) => (await accounts.repo.findAccount(id))?.currency };
  const postcards = new PostcardsService(postDeps);
  const letters = new LettersService(postDeps);
  const printHouse = new PrintHouseProvider(path.join(deps.config.dataDir, 'print'));
  dispatcher.register(postcardsChannel(files, postDeps.proofs, printHouse)).register(lettersChannel(files, postDeps.proofs, printHouse));
  dispatcher.register(proofJobsChannel({ postcard: (id) => makePostcardProofs(postcards, files, postDeps.proofs, id), letter: (id) => makeLetterProofs(letters, files, postDeps.proofs, id) }));
  // SMS: sends through the simulated network (SMS_* knobs); the dispatcher hands them off and applies their receipts.
  const sms = buildSms({ db, clock: deps.clock, config: deps.config, ledger, pricing, accounts: accounts.repo, files, provider: new SimulatedSmsProvider(deps.config.sms) });
  registerSmsDispatch(dispatcher, sms, deps.config);
  return {
    ledger,
    accounts,
    subaccounts,
    returnAddresses,
    smsTemplates,
    statistics,
    pricing,
    postcards,
    letters,
    /** Proof composition and the thumbnail render threads (closed when the app closes). */
    postProofs: postDeps.proofs,
    sms,
    /** What core/auth reads to resolve credentials. */
    credentials: accounts.repo,
    emailProvider,
    notifications,
    dispatcher,
    fetcher,
    files,
    generatedFiles,
    uploads,
  };
}

export type Services = ReturnType<typeof buildServices>;
