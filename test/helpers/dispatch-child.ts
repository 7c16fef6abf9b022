/**
 * A dispatcher process for the crash test: one test-owned channel whose provider is slow, journals each
 * hand-off, and is idempotent (it records a delivery by creating <journal>/<id> with O_EXCL, so a repeat
 * hand-off of the same message delivers nothing). Config comes from the usual env (DATABASE_URL,
 * DATA_DIR, DISPATCH_*); CHILD_* name the table, the journal folder and the provider delay.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/index.js';
import { connect } from '../../src/core/db/index.js';
import { Dispatcher } from '../../src/core/dispatch/index.js';

const table = process.env.CHILD_TABLE ?? 'crash_messages';
const journal = process.env.CHILD_JOURNAL!;
const delayMs = Number(process.env.CHILD_DELAY_MS ?? 5);
const config = loadConfig(process.env);
const dbh = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const dispatcher = new Dispatcher(dbh.db, { ...config.dispatch, concurrency: 8 });
const handoffs = path.join(journal, '..', 'handoffs.log');

dispatcher.register({
  name: table,
  table,
  idempotencyKey: (row) => String(row.id),
  async handle(_row, ctx) {
    fs.appendFileSync(handoffs, `${dispatcher.id} ${ctx.idempotencyKey}\n`);
    await sleep(delayMs);
    try {
      fs.writeFileSync(path.join(journal, ctx.idempotencyKey), dispatcher.id, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // already delivered: do nothing
    }
  },
});

dispatcher.start({ log: { info: () => undefined, warn: (o, m) => console.error(m, o), error: (o, m) => console.error(m, o) } });
process.stdout.write(`ready ${dispatcher.id}\n`);
process.on('SIGTERM', async () => {
  await dispatcher.stop();
  await dbh.close();
  process.exit(0);
});
