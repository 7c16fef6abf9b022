import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dispatcher } from './dispatcher.js';
import { PeriodicRunner } from './periodic.js';
import type { DispatchLog } from './types.js';

/** Resolves when `check` holds, polling; fails after a generous deadline rather than hanging. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function recordingLog() {
  const lines: Array<{ level: string; obj: any; msg: string }> = [];
  const log: DispatchLog = {
    info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
  };
  return { log, lines };
}

describe('periodic tasks', () => {
  it('run once at start, then again after each interval, until stopped', async () => {
    let runs = 0;
    const runner = new PeriodicRunner();
    runner.add({ name: 'count', intervalMs: 5, run: async () => void runs++ });
    assert.equal(runs, 0, 'nothing runs before start');
    runner.start(recordingLog().log);
    await until(() => runs >= 3, 'three runs');
    await runner.stop();
    const stoppedAt = runs;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(runs, stoppedAt, 'no run after stop()');
  });

  it('waits for a run in progress on stop, and keeps going after a failed run', async () => {
    let calls = 0;
    let finished = false;
    let release!: () => void;
    const { log, lines } = recordingLog();
    const runner = new PeriodicRunner();
    runner.add({
      name: 'flaky',
      intervalMs: 1,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('database away');
        if (calls === 2) {
          await new Promise<void>((r) => (release = r));
          finished = true;
        }
        return { deleted: 2 };
      },
    });
    runner.start(log);
    await until(() => calls === 2 && release !== undefined, 'the second run to start');
    assert.ok(lines.some((l) => l.level === 'error' && l.obj.task === 'flaky' && l.obj.err.message === 'database away'));
    const stopping = runner.stop();
    release();
    await stopping;
    assert.equal(finished, true, 'stop() resolved only after the run in progress finished');
    assert.ok(
      lines.some((l) => l.level === 'info' && l.obj.result.deleted === 2),
      'a truthy result is logged',
    );
  });

  it('start and stop with the dispatcher that carries them', async () => {
    let runs = 0;
    // No channels: the dispatcher never touches its database in this test.
    const d = new Dispatcher({} as never, { pollMs: 10, leaseMs: 1000, batchSize: 1 }).every({ name: 'sweep', intervalMs: 60_000, run: async () => void runs++ });
    assert.throws(() => d.every({ name: 'sweep', intervalMs: 1, run: async () => undefined }), /already registered/);
    d.start();
    await until(() => runs === 1, 'the run at start');
    await d.stop();
    d.start();
    await until(() => runs === 2, 'a new run when started again (as after a restart)');
    await d.stop();
  });
});
