import { buildApp } from '../app.js';
import { loadPhoneNumbers } from '../core/messaging/index.js';
import { warmAddressFonts } from '../modules/post/index.js';
import { ensureFirstAccount } from './bootstrap.js';
import { clock, openRuntime } from './runtime.js';

/** How long after listen the background warm-up starts. */
const WARM_UP_DELAY_MS = 1000;

/** `sendbox serve`: API and dispatcher in one process. */
export async function serve(): Promise<void> {
  const { config, dbh } = await openRuntime();
  const { app, services, warmSchemas } = await buildApp({ config, dbh, clock });
  await app.listen({ port: config.port, host: config.host });
  // What start-up left for later, in the background a moment after listen (so the first /healthz or call a starting
  // script makes is not queued behind it): the route schemas not compiled yet, then the libraries a first send (phone
  // numbers), upload (pdf-lib, about 0.3 s of CPU) or URL fetch (undici) would load, and the postcard/letter address
  // check's fontkit and Noto Sans (CJK faces load when an address first needs them).
  setTimeout(() => {
    warmSchemas()
      .then(() => loadPhoneNumbers())
      .then(() => import('undici'))
      .then(() => import('pdf-lib'))
      .then(() => warmAddressFonts())
      .catch((err: unknown) => app.log.error({ err }, 'warming up after start failed'));
  }, WARM_UP_DELAY_MS).unref();
  // After listen: on a busy port no account is created whose credentials would never be shown.
  const created = await ensureFirstAccount(services);
  if (config.dispatch.enabled) services.dispatcher.start({ log: app.log });
  const base = `${config.publicUrl}/v3`;
  if (created) {
    process.stdout.write(
      [
        '',
        'Sendbox is ready. A first account was created (shown once; keep the key):',
        `  username:  ${created.username}`,
        `  API key:   ${created.apiKey}`,
        `  password:  ${created.password}`,
        `  base URL:  ${base}`,
        `  data:      ${dbh.location}`,
        `  docs:      ${config.publicUrl}/docs`,
        '',
      ].join('\n') + '\n',
    );
  } else {
    process.stdout.write(`Sendbox is listening on ${base} (docs: ${config.publicUrl}/docs)\n`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close(); // stops the dispatcher too (onClose), after its in-flight hand-offs
    await dbh.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
