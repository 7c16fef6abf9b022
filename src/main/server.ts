import { buildApp } from '../app.js';
import type { Config } from '../config/index.js';
import type { EmailSmsListener } from '../modules/email-sms/index.js';
import { loadPhoneNumbers } from '../core/messaging/index.js';
import { warmAddressFonts } from '../modules/post/index.js';
import { ensureFirstAccount } from './bootstrap.js';
import { clock, openRuntime } from './runtime.js';

/**
 * The email-to-SMS SMTP listener (SMTP_LISTEN_PORT, 0 = off), serve only. A busy port costs one warning line and the
 * API runs on without it, so two servers on one machine both start; app.close() closes it (the module's close hook).
 */
async function startEmailSms(listener: EmailSmsListener, config: Config): Promise<void> {
  const { listenPort } = config.emailSms;
  if (listenPort === 0) return;
  try {
    await listener.start({ port: listenPort, host: config.host });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? 'is already in use' : `cannot be listened on (${e.code ?? e.message})`;
    process.stderr.write(`warning: SMTP port ${listenPort} on ${config.host} ${why}: email-to-SMS is off; set SMTP_LISTEN_PORT to another port (0 turns it off)\n`);
  }
}

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
  await startEmailSms(services.emailSmsListener, config);
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
