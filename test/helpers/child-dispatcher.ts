/**
 * What the crash tests' dispatcher children share: the usual config from the env (DATABASE_URL, DATA_DIR,
 * DISPATCH_*, ...), a dispatcher with 8 workers, a journal of hand-offs (handoffs.log beside CHILD_JOURNAL)
 * and of deliveries (<CHILD_JOURNAL>/<key> created with O_EXCL, so a repeated hand-off delivers nothing
 * twice: the idempotency the provider contract asks for), a `ready <id>` line once running, and a graceful
 * stop on SIGTERM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { connect } from '../../src/core/db/index.js';
import { Dispatcher } from '../../src/core/dispatch/index.js';

export function childDispatcher(defaultDelayMs: number) {
  const journal = process.env.CHILD_JOURNAL!;
  const delayMs = Number(process.env.CHILD_DELAY_MS ?? defaultDelayMs);
  const config = loadConfig(process.env);
  const dbh = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const dispatcher = new Dispatcher(dbh.db, { ...config.dispatch, concurrency: 8 });
  const handoffs = path.join(journal, '..', 'handoffs.log');
  return {
    config,
    dbh,
    dispatcher,
    delayMs,
    /** Logs one hand-off of `key` by this dispatcher. */
    handoff: (key: string) => fs.appendFileSync(handoffs, `${dispatcher.id} ${key}\n`),
    /** Records the delivery of `key` unless it was delivered before. */
    deliver(key: string) {
      try {
        fs.writeFileSync(path.join(journal, key), dispatcher.id, { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // already delivered: do nothing
      }
    },
    /** Starts dispatching, says `ready <id>` on stdout, and stops gracefully on SIGTERM. */
    run() {
      dispatcher.start({ log: { info: () => undefined, warn: (o, m) => console.error(m, o), error: (o, m) => console.error(m, o) } });
      process.stdout.write(`ready ${dispatcher.id}\n`);
      process.on('SIGTERM', async () => {
        await dispatcher.stop();
        await dbh.close();
        process.exit(0);
      });
    },
  };
}
