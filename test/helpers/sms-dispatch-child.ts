/**
 * A dispatcher process for the SMS crash test: the real SMS channel and receipt sweep, with the simulated
 * network wrapped in a journal. Each hand-off is logged (handoffs.log), and each delivery is recorded by
 * creating <journal>/<message_id> with O_EXCL, so a repeated hand-off of a message delivers nothing twice:
 * the idempotency the provider contract asks for. Config comes from the usual env (DATABASE_URL,
 * DATA_DIR, DISPATCH_*, SMS_*); CHILD_JOURNAL names the journal folder, CHILD_DELAY_MS the hand-off time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/index.js';
import { connect } from '../../src/core/db/index.js';
import { Dispatcher } from '../../src/core/dispatch/index.js';
import { systemClock } from '../../src/core/util/clock.js';
import { receiptSweep, smsQueue, SmsInboxRepository } from '../../src/modules/sms/index.js';
import { SimulatedSmsProvider } from '../../src/providers/sms/simulated.js';
import type { OutgoingSms, SmsProvider } from '../../src/providers/sms/types.js';

const journal = process.env.CHILD_JOURNAL!;
const delayMs = Number(process.env.CHILD_DELAY_MS ?? 2);
const config = loadConfig(process.env);
const dbh = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const dispatcher = new Dispatcher(dbh.db, { ...config.dispatch, concurrency: 8 });
const handoffs = path.join(journal, '..', 'handoffs.log');
const network = new SimulatedSmsProvider(config.sms);

const journaled: SmsProvider = {
  sharedNumber: network.sharedNumber,
  deliveryReport: (to) => network.deliveryReport(to),
  async submit(sms: OutgoingSms, key: string) {
    fs.appendFileSync(handoffs, `${dispatcher.id} ${key}\n`);
    await sleep(delayMs);
    await network.submit(sms, key);
    try {
      fs.writeFileSync(path.join(journal, key), dispatcher.id, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // already delivered: do nothing
    }
  },
};

dispatcher
  .register(smsQueue(journaled, { retryBaseMs: config.sms.retryBaseMs }))
  .every(receiptSweep(dbh.db, new SmsInboxRepository(dbh.db), journaled, systemClock, { intervalMs: config.sms.receiptPollMs }));
dispatcher.start({ log: { info: () => undefined, warn: (o, m) => console.error(m, o), error: (o, m) => console.error(m, o) } });
process.stdout.write(`ready ${dispatcher.id}\n`);
process.on('SIGTERM', async () => {
  await dispatcher.stop();
  await dbh.close();
  process.exit(0);
});
