/**
 * A dispatcher process for the crash test: one test-owned channel whose provider is slow, journals each
 * hand-off, and is idempotent (see child-dispatcher.ts). CHILD_* name the table, the journal folder and the
 * provider delay.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { childDispatcher } from './child-dispatcher.js';

const table = process.env.CHILD_TABLE ?? 'crash_messages';
const child = childDispatcher(5);

child.dispatcher.register({
  name: table,
  table,
  idempotencyKey: (row) => String(row.id),
  async handle(_row, ctx) {
    child.handoff(ctx.idempotencyKey);
    await sleep(child.delayMs);
    child.deliver(ctx.idempotencyKey);
  },
});
child.run();
