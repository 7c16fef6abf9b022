/**
 * Servers run in their own processes: on a 2-core machine the load generator and the server must not share
 * an event loop, or the figures measure autocannon as much as the server.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ServerReady {
  origin: string;
  [key: string]: unknown;
}

/** What a server child sends: once when it listens, and its CPU time whenever the parent asks ('cpu'). */
export type ChildMessage = { type: 'ready'; info: ServerReady } | { type: 'failed'; error: string } | { type: 'cpu'; micros: number };

export interface RunningServer {
  info: ServerReady;
  pid: number;
  /** User + system CPU time the child has used so far, in µs (process.cpuUsage in the child). */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/**
 * Starts bench/servers/<name>.ts in a child process. With profileDir set, the child writes V8 CPU profiles
 * to profileDir/<name>/ when it stops (node --cpu-prof).
 */
export function startServerChild(name: string, opts: { env?: Record<string, string>; profileDir?: string; startTimeoutMs?: number } = {}): Promise<RunningServer> {
  const file = path.join(here, '..', 'servers', `${name}.ts`);
  // One folder per server: the tsx loader thread writes a profile of its own next to the main thread's.
  // The server code runs through tsx, not through bin/prefer-dist.mjs: that module hook sits on every import the
  // server makes while it runs, and on Node 20 it cost postcard sends with the dispatcher ~60 % more CPU (issue 8),
  // which is the loader's cost, not the server's. `npm start` loads dist/ directly, with no hook.
  const execArgv = ['--import', 'tsx', ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(opts.profileDir, name)}`] : [])];
  const child = fork(file, [], { execArgv, env: { ...process.env, NODE_NO_WARNINGS: '1', ...opts.env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => children.delete(child));
  return new Promise((resolve, reject) => {
    const startMs = opts.startTimeoutMs ?? 60_000;
    const timer = setTimeout(() => reject(new Error(`bench server ${name} did not start within ${startMs / 1000} s`)), startMs);
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited with code ${code} before it was ready`)));
    const cpuWaiters: ((micros: number) => void)[] = [];
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'cpu') return cpuWaiters.shift()?.(m.micros);
      clearTimeout(timer);
      if (m.type === 'failed') return reject(new Error(`bench server ${name}: ${m.error}`));
      resolve({
        info: m.info,
        pid: child.pid!,
        cpuMicros: () =>
          new Promise((res) => {
            cpuWaiters.push(res);
            child.send('cpu');
          }),
        stop: async () => {
          if (child.exitCode !== null) return;
          child.send('stop');
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

/** For the child side: report readiness, and run `close` then exit when the parent says stop or goes away. */
export function serveUntilStopped(info: ServerReady, close: () => Promise<void>) {
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    try {
      await close();
    } finally {
      process.exit(0); // a normal exit, so --cpu-prof writes its profile
    }
  };
  process.on('message', (m) => {
    if (m === 'stop') void stop();
    if (m === 'cpu') {
      const u = process.cpuUsage();
      process.send!({ type: 'cpu', micros: u.user + u.system } satisfies ChildMessage);
    }
  });
  process.on('disconnect', () => void stop());
  process.send!({ type: 'ready', info } satisfies ChildMessage);
}

export function reportFailure(err: unknown) {
  process.send?.({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies ChildMessage);
  process.exit(1);
}
