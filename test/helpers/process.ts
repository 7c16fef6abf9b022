import { spawn, type ChildProcess } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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

/** A long-running node child that announced itself: its process, the id it printed, and its exit code. */
export interface ReadyChild {
  proc: ChildProcess;
  id: string;
  exited: Promise<number | null>;
}

/** Stops every child still running (SIGKILL): for after() hooks, so a failed test leaves no process behind. */
export function killAll(children: readonly ReadyChild[]): void {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
}

/**
 * Starts `node <args>` with this process's environment plus `env` (stderr passed through) and resolves once
 * `readyId` finds the child's id in what it printed so far; rejects if it exits first. The dispatch children
 * print `ready <id>` (the default); `sendbox worker` logs a JSON line with its worker id.
 */
export function startReadyChild(
  args: string[],
  env: Record<string, string>,
  what: string,
  readyId: (stdout: string) => string | undefined = (out) => /ready (\S+)/.exec(out)?.[1],
): Promise<ReadyChild> {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise<ReadyChild>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const id = readyId(out);
      if (id !== undefined) resolve({ proc, id, exited });
    });
    proc.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
  });
}

/**
 * A TypeScript child under test/helpers (run through tsx), e.g. `tsChild('dispatch-child.ts')`. The Sendbox code it
 * imports runs from the install-time build in dist/ when that is current (bin/prefer-dist.mjs), as `npm start` does.
 */
export const tsChild = (file: string): string[] => ['--import', 'tsx', '--import', pathToFileURL(path.join(ROOT, 'bin/prefer-dist.mjs')).href, path.join(ROOT, 'test/helpers', file)];
