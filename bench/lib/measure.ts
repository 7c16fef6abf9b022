import autocannon from 'autocannon';
import type { BenchTarget } from './scenario.js';

export interface LoadOptions {
  connections: number;
  durationS: number;
}

export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Server CPU (user + system) per answered request, in µs; NaN when the target cannot report it. */
  cpuPerRequest: number;
}

/** One autocannon run against one target. */
export async function load(target: BenchTarget, opts: LoadOptions): Promise<Sample> {
  const cpuBefore = target.cpuMicros ? await target.cpuMicros() : NaN;
  const r = await autocannon({
    url: target.origin + target.path,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    ...(target.body !== undefined ? { body: target.body } : {}),
    connections: opts.connections,
    duration: opts.durationS,
  });
  const cpuAfter = target.cpuMicros ? await target.cpuMicros() : NaN;
  const requests = r.requests.total;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests,
    // "non2xx" counts the answers that are not the expected ones (every answer but a 302 for a redirect target).
    non2xx: target.expectStatus ? requests - (r.statusCodeStats[String(target.expectStatus)]?.count ?? 0) : r.non2xx,
    errors: r.errors + r.timeouts,
    cpuPerRequest: requests > 0 ? (cpuAfter - cpuBefore) / requests : NaN,
  };
}

/** A benchmark of a wrong answer measures nothing: the target must answer 2xx before it is loaded. */
export async function checkAnswers(target: BenchTarget): Promise<void> {
  const res = await fetch(target.origin + target.path, {
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    body: target.body ?? null,
    ...(target.expectStatus ? { redirect: 'manual' as const } : {}),
  });
  const text = await res.text();
  if (target.expectStatus ? res.status !== target.expectStatus : res.status >= 300) throw new Error(`${target.label} answered ${res.status}: ${text.slice(0, 300)}`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
