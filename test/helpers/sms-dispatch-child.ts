/**
 * A dispatcher process for the SMS crash test: the real SMS channel and receipt sweep, with the simulated
 * network wrapped in a journal (see child-dispatcher.ts). Config comes from the usual env (SMS_* included);
 * CHILD_JOURNAL names the journal folder, CHILD_DELAY_MS the hand-off time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../src/core/util/clock.js';
import { receiptSweep, smsQueue, SmsInboxRepository } from '../../src/modules/sms/index.js';
import { SimulatedSmsProvider } from '../../src/providers/sms/simulated.js';
import type { OutgoingSms, SmsProvider } from '../../src/providers/sms/types.js';
import { childDispatcher } from './child-dispatcher.js';

const child = childDispatcher(2);
const { config, dbh, dispatcher } = child;
const network = new SimulatedSmsProvider(config.sms);

const journaled: SmsProvider = {
  sharedNumber: network.sharedNumber,
  deliveryReport: (to) => network.deliveryReport(to),
  async submit(sms: OutgoingSms, key: string) {
    child.handoff(key);
    await sleep(child.delayMs);
    await network.submit(sms, key);
    child.deliver(key);
  },
};

dispatcher
  .register(smsQueue(journaled, { retryBaseMs: config.sms.retryBaseMs }))
  .every(receiptSweep(dbh.db, new SmsInboxRepository(dbh.db), journaled, systemClock, { intervalMs: config.sms.receiptPollMs }));
child.run();
