import { spawn, type ChildProcess } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'bin/sendbox.mjs');

/** A port the OS just had free. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** Resolves when the combined output matches, rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** Runs `sendbox <args>` as a real process with the given environment (added to a clean one). */
export function runCli(args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}; output:\n${out}`)), timeoutMs);
        const tick = setInterval(() => {
          const m = pattern.exec(out);
          if (m) finish(undefined, m);
        }, 25);
        void exited.then((code) => {
          const m = pattern.exec(out);
          finish(m ? undefined : new Error(`process exited (${code}) before ${pattern}; output:\n${out}`), m ?? undefined);
        });
        function finish(err?: Error, m?: RegExpExecArray) {
          clearTimeout(deadline);
          clearInterval(tick);
          if (err) reject(err);
          else resolve(m!);
        }
      }),
  };
}
